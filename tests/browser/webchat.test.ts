import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, startWebChat } from './harness';

// Screenshots go to a temporary folder; SCREENSHOT_DIR=docs refreshes the ones in the repo's docs.
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'khidmat-webchat');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SANDBOX_TODAY = '2026-06-15';
const AMINAH = { ic: '850412-10-5566', phone: '+60123456789', plate: 'WXY 1234' };

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/**
 * axe-core, injected through the DevTools protocol (page.evaluate is not subject to the page's
 * CSP, which rightly refuses inline scripts), run over the whole page.
 */
async function seriousAccessibilityProblems(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${AXE_SOURCE};void 0`);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Everything the page asks the network for, and anything the browser refused (CSP) or threw. */
function watch(page: Page, base: string) {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return {
    requests,
    problems,
    foreign: () => requests.filter((url) => !url.startsWith(base) && !url.startsWith('data:')),
    polls: () => requests.filter((url) => /\/activities\?watermark=/.test(url)),
  };
}

const transcript = (page: Page) => page.locator('#log');

describe.runIf(browserAvailable())('the web chat page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('welcomes in Malay, switches to English, answers, resumes after a reload, and passes axe', async () => {
    const app = await startWebChat();
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'ms-MY' });
    const page = await context.newPage();
    const seen = watch(page, app.base);
    try {
      await page.goto(`${app.base}/`);
      await expect.poll(() => transcript(page).textContent()).toContain('Saya Khidmat, pembantu automatik');
      await page.getByRole('button', { name: 'Perbaharui cukai jalan' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('ms');
      expect(await page.getByText('Pembantu automatik, bukan manusia').isVisible()).toBe(true);
      expect(await transcript(page).getAttribute('role')).toBe('log');
      expect(await transcript(page).getAttribute('aria-live')).toBe('polite');
      expect(await page.getByLabel('Mesej anda').getAttribute('placeholder')).toBe('Taip mesej…');
      // The privacy link in the welcome is a real link that opens in a new tab.
      const privacy = transcript(page).getByRole('link', { name: /\/privacy/ });
      expect(await privacy.getAttribute('href')).toBe(`${app.base}/privacy`);
      expect(await privacy.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'webchat-ms.png') });

      // Motion is dropped for those who ask for less of it.
      expect(await page.locator('.dots i').first().evaluate((el) => getComputedStyle(el).animationName)).toBe('blink');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      expect(await page.locator('.dots i').first().evaluate((el) => getComputedStyle(el).animationName)).toBe('none');

      // Keyboard only: Tab from the message field round to the language toggle (visible focus), press Enter.
      await page.getByLabel('Mesej anda').focus();
      const toggle = page.getByRole('button', { name: /English/ });
      for (let i = 0; i < 20 && !(await toggle.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Shift+Tab');
      expect(await toggle.evaluate((el) => el === document.activeElement && el.matches(':focus-visible'))).toBe(true);
      expect(await toggle.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      await page.getByLabel('Your message').waitFor();
      await expect.poll(() => transcript(page).textContent()).toContain('English please');

      await page.getByLabel('Your message').fill('hello');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Renew road tax' }).waitFor();
      await expect.poll(async () => (await transcript(page).locator('.msg.bot').last().getAttribute('class')) ?? '').toContain('bot');
      const lastBot = await transcript(page).locator('.msg.bot').last().textContent();
      expect(lastBot).toMatch(/[A-Za-z]/);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'webchat-en.png') });

      // A reload resumes the same conversation with its history, in the conversation's language.
      const before = await transcript(page).locator('.msg').count();
      await page.reload();
      await expect.poll(() => transcript(page).locator('.msg').count()).toBe(before);
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      expect(await transcript(page).textContent()).toContain('hello');

      expect(seen.foreign()).toEqual([]);
      expect(seen.polls()).toEqual([]); // the WebSocket carried everything
      expect(seen.problems).toEqual([]);
    } finally {
      await context.close();
      await app.close();
    }
  }, 60_000);

  it("renews Aminah's road tax through the page; the receipt arrives without a reload", async () => {
    const app = await startWebChat({ SANDBOX_TODAY });
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    const seen = watch(page, app.base);
    const say = async (text: string) => {
      await page.getByLabel(/Mesej anda|Your message/).fill(text);
      await page.keyboard.press('Enter');
    };
    const lastBotText = () => transcript(page).locator('.msg.bot').last().textContent();
    try {
      await page.goto(`${app.base}/`);
      await page.getByRole('button', { name: 'Perbaharui cukai jalan' }).waitFor();
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

      await page.getByRole('button', { name: 'Perbaharui cukai jalan' }).click();
      await expect.poll(lastBotText).toContain('MyKad');
      await say(AMINAH.ic);
      await expect.poll(() => transcript(page).textContent(), { timeout: 10_000 }).toContain('kod 6 digit');

      // The OTP lands in the sandbox SMS outbox, as on Aminah's phone.
      const outbox = (await (await fetch(`${app.base}/sandbox/sms?to=${encodeURIComponent(AMINAH.phone)}`)).json()) as { messages: Array<{ text: string }> };
      const code = outbox.messages.at(-1)?.text.match(/\b\d{6}\b/)?.[0];
      expect(code, 'an OTP in the SMS outbox').toBeDefined();
      await say(code!);

      // Her vehicles are offered as buttons; then the period.
      const plate = page.getByRole('button', { name: new RegExp(AMINAH.plate) });
      const period = page.getByRole('button', { name: /^12 bulan$/ });
      await expect.poll(async () => (await plate.count()) + (await period.count()), { timeout: 10_000 }).toBeGreaterThan(0);
      if (await plate.count()) await plate.first().click();
      await period.waitFor();
      await period.click();
      await expect.poll(() => transcript(page).textContent()).toContain('RM90.00');
      await page.getByRole('button', { name: /^Ya/ }).first().click();

      // The payment link opens the sandbox gateway in a new tab; the chat stays open.
      const link = transcript(page).getByRole('link', { name: /\/sandbox\/pay\// }).last();
      await link.waitFor();
      const [gateway] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await gateway.waitForLoadState();
      await gateway.getByLabel('Maybank2u').check();
      await gateway.getByRole('button', { name: /Bayar RM90\.00/ }).click();
      await gateway.getByRole('status').waitFor();
      await gateway.close();

      // The receipt is pushed over the WebSocket: a definition list from the card's FactSet.
      const receipt = transcript(page).locator('.card dl').last();
      await receipt.waitFor({ timeout: 15_000 });
      const facts = await receipt.textContent();
      expect(facts).toContain('RM90.00');
      expect(facts).toContain(AMINAH.plate);
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(seen.polls()).toEqual([]);
      expect(seen.foreign()).toEqual([]);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'webchat-receipt.png') });

      const done = app.sandbox!.ledger().transactions.filter((t) => t.status === 'COMPLETED' && t.ic === AMINAH.ic);
      expect(done).toHaveLength(1);
    } finally {
      await context.close();
      await app.close();
    }
  }, 90_000);
});
