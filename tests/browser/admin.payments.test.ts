import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIZENS, completed, journey, startSandboxBot, type Bot } from '../helpers/journey';
import { ADMIN_STATIC_DIR, accessibilityProblems, watch } from './adminHarness';
import { browserAvailable, launchChromium } from './harness';

/** The "payments needing attention" page on the real app: a paid road tax that JPJ would not deliver. */
const ADMIN_TOKEN = 'y'.repeat(24);
const SHOTS = join(tmpdir(), 'khidmat-admin');

describe('the payments page', () => {
  it('loads only its own assets, with no inline script or style', () => {
    const html = readFileSync(join(ADMIN_STATIC_DIR, 'payments.html'), 'utf8');
    const references = [...html.matchAll(/\b(?:src|href|action)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.filter((ref) => /^(?:[a-z]+:)?\/\//i.test(ref))).toEqual([]);
    expect(references).toEqual(expect.arrayContaining(['/admin/static/admin.css', '/admin/static/common.js', '/admin/static/payments.js']));
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\sstyle=|\son[a-z]+=/i);
    // The bar (with the link to this page) is built by common.js for every operator page.
    for (const page of ['dashboard.html', 'handoff.html', 'payments.html']) expect(readFileSync(join(ADMIN_STATIC_DIR, page), 'utf8')).toContain('<header class="bar"></header>');
    expect(readFileSync(join(ADMIN_STATIC_DIR, 'common.js'), 'utf8')).toContain("['/admin/payments', 'navPayments']");
  });
});

describe.runIf(browserAvailable())('the payments page in Chromium, on the real app', () => {
  let browser: Browser;
  let bot: Bot;
  beforeAll(async () => {
    bot = await startSandboxBot({ ADMIN_TOKEN });
    browser = await launchChromium();
    const citizens = [journey(bot, CITIZENS.aminah.phone), journey(bot, CITIZENS.lim.phone)];
    const [aminah, lim] = citizens;
    await aminah!.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah!.otp();
    await aminah!.say('12 bulan');
    expect(await aminah!.say('ya')).toContain('/sandbox/pay/');
    await lim!.say('I want to renew road tax for QAB 5678, my IC is 780920-13-5208');
    await lim!.otp();
    await lim!.say('12 months');
    expect(await lim!.say('yes')).toContain('/sandbox/pay/');
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1000 });
    for (const citizen of citizens) await citizen.pay();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  async function open(page: Page): Promise<void> {
    await page.goto(`${bot.base}/admin/payments`);
    await page.waitForURL(`${bot.base}/admin/login`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${bot.base}/admin`);
    await page.getByRole('link', { name: 'Payments needing attention' }).click();
    await page.waitForSelector('body[data-loaded="true"]');
  }

  it('lists both payments masked; an officer closes one by hand, retries the other, and is told when a refund meets a last delivery', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-MY', timezoneId: 'Asia/Kuala_Lumpur' });
    const page = await context.newPage();
    const { problems, foreign } = watch(page, bot.base);
    try {
      await open(page);
      const cards = page.locator('#payments > li');
      expect(await cards.count()).toBe(2);
      const text = (await page.locator('#payments').textContent()) ?? '';
      expect(text).toContain('850412-**-**66');
      expect(text).toContain('780920-**-**08');
      for (const ic of [CITIZENS.aminah.ic, CITIZENS.lim.ic]) expect(await page.content()).not.toContain(ic);
      expect(text).toContain('Road tax (LKM) renewal · RM');
      expect(await accessibilityProblems(page)).toEqual([]);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'payments-live.png'), fullPage: true });

      // Lim's (the newest, on top): completed at the counter, with a note.
      const limCard = cards.filter({ hasText: '780920-**-**08' });
      const limRef = (await limCard.locator('code').textContent())!;
      await limCard.getByLabel('Completed at the counter').check();
      await limCard.getByLabel('Note (not sent to the citizen)').fill('LKM printed at JPJ Kota Kinabalu');
      await limCard.getByRole('button', { name: 'Record and tell the citizen' }).click();
      await expect.poll(() => page.locator('#announcer').textContent()).toBe(`${limRef}: recorded, citizen told`);
      await expect.poll(() => cards.count()).toBe(1);
      expect((await bot.app.transactions.get(limRef))?.resolution).toMatchObject({ outcome: 'delivered_by_hand', note: 'LKM printed at JPJ Kota Kinabalu' });

      // Aminah's: JPJ answers a health check (the client's breaker stays closed), then fails again.
      bot.app.sandbox!.faults.reset();
      expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);
      bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1000 });
      const aminahRef = (await cards.locator('code').textContent())!;
      await cards.getByRole('button', { name: 'Retry now' }).click();
      await expect.poll(() => page.locator('#announcer').textContent(), { timeout: 8_000 }).toBe(`${aminahRef}: still failing`);
      expect(await cards.count()).toBe(1);

      // JPJ is back as the officer records a refund: the last try delivers it, and the page says so
      // (no refund is due) instead of a bare "already closed". (Retry succeeding: the API test.)
      bot.app.sandbox!.faults.reset();
      await cards.getByLabel('Refunded via gateway').check();
      await cards.getByLabel('Note (not sent to the citizen)').fill('refund FPX-2291');
      await cards.getByRole('button', { name: 'Record and tell the citizen' }).click();
      await expect
        .poll(() => page.locator('#notice').textContent(), { timeout: 8_000 })
        .toBe(`${aminahRef}: the agency delivered it on a last try: no refund, the citizen was sent the receipt`);
      await expect.poll(() => page.locator('#pay-empty').isVisible()).toBe(true);
      expect(completed(bot)).toHaveLength(1);
      expect((await bot.app.transactions.get(aminahRef))?.status).toBe('completed');

      // In Malay too.
      await page.getByRole('button', { name: /Switch language to/ }).click();
      expect(await page.locator('h1').textContent()).toBe('Bayaran perlu tindakan');
      expect(await page.locator('#pay-empty').textContent()).toBe('Tiada yang menunggu.');
      expect(await page.evaluate(() => (window as unknown as { KhidmatAdmin: { missingTexts(): string[] } }).KhidmatAdmin.missingTexts())).toEqual([]);
      // The one error the browser reports is the refund's expected 409.
      expect(problems).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
      expect(foreign).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
