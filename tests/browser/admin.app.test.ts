import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIZENS, journey, startSandboxBot, type Bot } from '../helpers/journey';
import { accessibilityProblems } from './adminHarness';
import { browserAvailable, launchChromium } from './harness';

/**
 * The operator pages served by the real app: log in through the form, and see the funnel of the
 * demo citizens' journeys on the dashboard; see a citizen who asked for a person in the console.
 */
const SHOTS = join(tmpdir(), 'khidmat-admin');
const ADMIN_TOKEN = 'x'.repeat(24);
const percent = (share: number) => `${Math.round(share * 100)}%`;

interface FunnelBody {
  totals: { started: number; completed: number; refused: number; counter: number; e2eShare: number | null };
  services: Array<{ service: string; title: { ms: string; en: string }; started: number; e2eShare: number | null }>;
}

describe.runIf(browserAvailable())('the operator pages on the real app', () => {
  let browser: Browser;
  let bot: Bot;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Open all week, so a citizen who asks for a person joins the queue whatever the time of the run.
    bot = await startSandboxBot({ ADMIN_TOKEN, OFFICE_HOURS: 'Sun-Sat 00:00-24:00' });
    browser = await launchChromium();

    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    await aminah.say('12 bulan');
    await aminah.say('ya');
    await aminah.pay();
    expect(await aminah.say('dah bayar')).toContain('Resit');

    const tan = journey(bot, CITIZENS.tan.phone);
    await tan.say('renew road tax for PKE 8812, my IC is 620815-07-5511');
    expect(await tan.otp()).toMatch(/insurance expired/i);

    const muthu = journey(bot, CITIZENS.muthu.phone);
    await muthu.say('nak renew pasport 990101-14-5673');
    expect(await muthu.otp()).toMatch(/kaunter/i);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  async function logIn(page: Page, target: string): Promise<void> {
    await page.goto(`${bot.base}${target}`);
    await page.waitForURL(`${bot.base}/admin/login`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${bot.base}/admin`);
  }

  it('logs in through the form and draws the funnel of the journeys just made', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-MY', timezoneId: 'Asia/Kuala_Lumpur' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    try {
      await logIn(page, '/admin');
      await page.waitForSelector('body[data-loaded="true"]');
      const funnel = (await (await fetch(`${bot.base}/admin/api/funnel`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as FunnelBody;
      // Three journeys: one completed online, one refused, one sent to a counter.
      expect(funnel.totals.started).toBe(3);
      expect(funnel.totals.completed).toBe(1);

      expect(await page.locator('#tile-share').textContent()).toBe(percent(funnel.totals.e2eShare!));
      expect(await page.locator('#tile-started').textContent()).toBe('3');
      expect(await page.locator('#tile-completed').textContent()).toBe('1');
      const labels = await page.locator('#services-chart .chart-label').allTextContents();
      expect(labels).toContain('Road tax (LKM) renewal · 2 started');
      expect(labels).toContain('Passport renewal · 1 started');
      expect(labels).toHaveLength(2);
      expect(await page.locator('#services-chart .idle').textContent()).toContain('Driving licence renewal');
      const roadTax = funnel.services.find((entry) => entry.service === 'jpj.roadtax.renew')!;
      const roadTaxRow = page.locator('#services-chart .bar-row', { hasText: 'Road tax (LKM) renewal' });
      expect(await roadTaxRow.locator('.chart-value').textContent()).toBe(percent(roadTax.e2eShare!));
      const reasons = await page.locator('#reasons-chart .chart-label').allTextContents();
      expect(reasons).toContain('Vehicle insurance expired (refused) · Road tax (LKM) renewal');
      expect(reasons.some((reason) => reason.startsWith('First passport'))).toBe(true);
      expect(await page.locator('#trend-chart circle.chart-dot').count()).toBe(1);

      expect(await accessibilityProblems(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'dashboard-live.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('shows a citizen who asked for a person in the handoff console, with the masked context, and returns them to the bot', async () => {
    const citizen = bot.citizen();
    await citizen.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await citizen.say('nak cakap dengan pegawai');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-MY', timezoneId: 'Asia/Kuala_Lumpur' });
    const page = await context.newPage();
    try {
      await logIn(page, '/admin/handoff');
      await page.goto(`${bot.base}/admin/handoff`);
      await page.waitForSelector('body[data-queue-loaded="true"]');
      expect(await page.locator('#queue-count').textContent()).toBe('1');
      const ticket = page.locator('#queue li').first();
      expect(await ticket.textContent()).toContain('Waiting under a minute');

      await page.getByLabel('Your name (recorded when you take a conversation)').fill('Siti');
      await ticket.getByRole('button', { name: /^Take the conversation with/ }).click();
      await expect.poll(() => page.locator('#conversation').isVisible()).toBe(true);
      const contextText = (await page.locator('#context').textContent()) ?? '';
      expect(contextText).not.toContain('850412-10-5566');
      expect(contextText).toContain('Road tax (LKM) renewal');
      // The citizen writes on their channel: the officer sees it and hears it in the live region.
      await citizen.say('Boleh saya bayar esok?');
      await expect.poll(() => page.locator('#messages .msg.citizen').last().textContent(), { timeout: 6_000 }).toContain('Boleh saya bayar esok?');
      expect(await page.locator('#announcer').textContent()).toBe('Citizen says: Boleh saya bayar esok?');
      expect(await accessibilityProblems(page)).toEqual([]);

      await page.getByLabel('Reply to the citizen').fill('Boleh, pautan bayaran sah sehingga esok.');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#messages .msg.officer').count(), { timeout: 6_000 }).toBe(1);
      expect(await page.locator('#notice').textContent()).toBe('');

      await page.getByRole('button', { name: 'Return to the bot' }).click();
      await expect.poll(() => page.locator('#conversation').isHidden()).toBe(true);
      await expect.poll(() => page.locator('#queue li').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
