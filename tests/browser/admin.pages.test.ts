import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_STATIC_DIR, FAKE_TOKEN, SATISFACTION, SERVICES, UNANSWERED, accessibilityProblems, fakeFunnel, startFakeAdminApi, watch, type FakeAdminApi } from './adminHarness';
import { browserAvailable, launchChromium } from './harness';

// Screenshots go to a temporary folder; SCREENSHOT_DIR=docs refreshes docs/dashboard.png (only that one).
const SCRATCH = join(tmpdir(), 'khidmat-admin');
const SHOTS = process.env.SCREENSHOT_DIR ?? SCRATCH;
const BUDGET_BYTES = 80 * 1024;

const percent = (share: number) => `${Math.round(share * 100)}%`;

describe('the operator pages stay small and self-contained', () => {
  const files = readdirSync(ADMIN_STATIC_DIR);

  it(`weigh at most ${BUDGET_BYTES / 1024} KB together, uncompressed`, () => {
    const total = files.reduce((sum, name) => sum + statSync(join(ADMIN_STATIC_DIR, name)).size, 0);
    console.info(`[admin] page weight: ${total} bytes of ${BUDGET_BYTES} (${files.join(', ')})`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it.each(['dashboard.html', 'handoff.html', 'login.html'])('%s loads only its own assets, all present under /admin/static/', (page) => {
    const html = readFileSync(join(ADMIN_STATIC_DIR, page), 'utf8');
    const references = [...html.matchAll(/\b(?:src|href|action)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.filter((ref) => /^(?:[a-z]+:)?\/\//i.test(ref))).toEqual([]);
    const assets = references.filter((ref) => ref.startsWith('/admin/static/'));
    expect(assets).toContain('/admin/static/admin.css');
    expect(assets).toContain('/admin/static/common.js');
    for (const asset of assets) expect(files).toContain(asset.slice('/admin/static/'.length));
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\sstyle=|\son[a-z]+=/i);
  });

  it('never turns API text into markup and asks nothing of other origins', () => {
    for (const name of files.filter((file) => file.endsWith('.js'))) {
      const js = readFileSync(join(ADMIN_STATIC_DIR, name), 'utf8');
      expect(js, name).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
      expect(js, name).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    const css = readFileSync(join(ADMIN_STATIC_DIR, 'admin.css'), 'utf8');
    expect(css).not.toMatch(/@import|@font-face|url\(/);
  });
});

describe.runIf(browserAvailable())('the operator pages in Chromium, against a fake of the admin API', () => {
  let browser: Browser;
  let api: FakeAdminApi;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(SCRATCH, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    api = await startFakeAdminApi();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-MY', timezoneId: 'Asia/Kuala_Lumpur' });
    return async () => {
      await context.close();
      await api.close();
    };
  });

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${api.base}/admin/login`);
    await page.getByLabel('Admin token').fill(FAKE_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${api.base}/admin`);
  }

  it('sends a visitor without a session to the login form, refuses a wrong token, and logs in and out', async () => {
    const page = await context.newPage();
    await page.goto(`${api.base}/admin`);
    // The dashboard's first API call answers 401: the page moves to the login form by itself.
    await page.waitForURL(`${api.base}/admin/login`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('token');
    expect(await page.locator('#login-error').isHidden()).toBe(true);

    await page.getByLabel('Admin token').fill('not-the-token');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.base}/admin/login?error=1`);
    await expect.poll(() => page.locator('#login-error').isVisible()).toBe(true);
    expect(await page.getByRole('alert').textContent()).toBe('That token was not accepted. Check it and try again.');
    expect(await page.getByLabel('Admin token').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('Admin token').fill(FAKE_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${api.base}/admin`);
    await page.waitForSelector('body[data-loaded="true"]');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${api.base}/admin/login`);
    await page.goto(`${api.base}/admin/handoff`);
    await page.waitForURL(`${api.base}/admin/login`);
  });

  it('shows the funnel at a glance: headline share, per-service bars, the trend, reasons, questions, languages and ratings', async () => {
    const page = await context.newPage();
    const seen = watch(page, api.base);
    await logIn(page);
    await page.waitForSelector('body[data-loaded="true"]');
    const funnel = fakeFunnel();

    expect(await page.locator('#tile-share').textContent()).toBe(percent(funnel.totals.e2eShare));
    expect(await page.locator('#tile-share-note').textContent()).toBe(`of ${funnel.totals.started.toLocaleString('en-MY')} services started in the chat`);
    expect(await page.locator('#tile-started').textContent()).toBe(funnel.totals.started.toLocaleString('en-MY'));
    expect(await page.locator('#tile-counter').textContent()).toBe(funnel.totals.counter.toLocaleString('en-MY'));

    // One bar per service someone started, best share first; the others are named under the chart.
    const bars = page.locator('#services-chart .bar-row');
    expect(await bars.count()).toBe(funnel.services.filter((entry) => entry.started > 0).length);
    const best = [...funnel.services].filter((entry) => entry.started > 0).sort((a, b) => b.e2eShare! - a.e2eShare!)[0]!;
    expect(await bars.first().locator('.chart-label').textContent()).toBe(`${best.title.en} · ${best.started} started`);
    expect(await bars.first().locator('.chart-value').textContent()).toBe(percent(best.e2eShare!));
    expect(await page.locator('#services-chart .idle').textContent()).toBe('Not started by anyone yet: Travel restriction check.');
    const summary = await page.locator('#services-chart svg').getAttribute('aria-label');
    expect(summary).toContain(`${best.title.en} · ${best.started} started ${percent(best.e2eShare!)}`);

    // The funnel table behind the chart: a row per service and the totals.
    await page.getByText('Funnel by service, as a table').click();
    const funnelRows = page.locator('#services-table tbody tr');
    expect(await funnelRows.count()).toBe(funnel.services.length + 1);
    expect(await funnelRows.last().locator('td').last().textContent()).toBe(percent(funnel.totals.e2eShare));
    // In the table a service nobody started reads "—", not 0%.
    expect(await funnelRows.filter({ hasText: 'Travel restriction check' }).locator('td').last().textContent()).toBe('—');

    // The trend: a dot per day with citizens, a gap for the quiet day, and the same numbers as a table.
    const activeDays = new Set(funnel.byDay.map((row) => row.day)).size;
    expect(await page.locator('#trend-chart circle.chart-dot').count()).toBe(activeDays);
    expect(await page.locator('#trend-chart path.chart-line').getAttribute('d')).toMatch(/^M[^M]+M[^M]+$/);
    await page.getByLabel('Service', { exact: true }).selectOption({ label: SERVICES[3].title.en });
    expect(await page.locator('#trend-table caption').textContent()).toBe(SERVICES[3].title.en);
    const lastPassportDay = funnel.byDay.filter((row) => row.service === SERVICES[3].service).at(-1)!;
    const firstTrendRow = page.locator('#trend-table tbody tr').first();
    expect(await firstTrendRow.locator('td').last().textContent()).toBe(percent(lastPassportDay.completed / lastPassportDay.started));

    // Reasons in words, with the outcome and the service; an unknown code still reads as words.
    const reasons = page.locator('#reasons-chart .bar-row .chart-label');
    expect(await reasons.first().textContent()).toBe('Vehicle insurance expired (refused) · Road tax (LKM) renewal');
    expect(await reasons.count()).toBe(8);
    expect(await reasons.last().textContent()).toBe('Some new code (abandoned) · Road tax (LKM) renewal');

    const questions = page.locator('#unanswered-table tbody tr');
    expect(await questions.count()).toBe(UNANSWERED.questions.length);
    expect(await questions.first().locator('th span').getAttribute('lang')).toBe('ms');
    expect(await questions.first().locator('th').textContent()).toBe(UNANSWERED.questions[0]!.text);

    expect(await page.locator('#languages-chart .chart-value').allTextContents()).toEqual([
      percent(funnel.languages.ms / funnel.totals.started),
      percent(funnel.languages.en / funnel.totals.started),
    ]);
    expect(await page.locator('#satisfaction-average').textContent()).toBe(`4.2 out of 5 from ${SATISFACTION.count} ratings`);
    expect(await page.locator('#satisfaction-chart .chart-value').allTextContents()).toEqual(['229', '112', '41', '18', '12']);

    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('#services-table').evaluate((node) => node.closest('details')!.removeAttribute('open'));
    await page.locator('#trend-service').selectOption('all');
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    expect(seen.problems).toEqual([]);
    expect(seen.foreign).toEqual([]);
  });

  it('switches every label to Malay and back, and remembers the choice', async () => {
    const page = await context.newPage();
    await logIn(page);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.evaluate(() => (window as unknown as { KhidmatAdmin: { missingTexts(): string[] } }).KhidmatAdmin.missingTexts())).toEqual([]);

    await page.getByRole('button', { name: 'Switch language to Bahasa Melayu' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('ms');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Papan pemuka perkhidmatan dalam talian');
    expect(await page.title()).toBe('Papan pemuka perkhidmatan dalam talian · Khidmat');
    expect(await page.locator('#reasons-chart .chart-label').first().textContent()).toBe('Insurans kenderaan tamat tempoh (ditolak) · Pembaharuan cukai jalan (LKM)');
    expect(await page.locator('#satisfaction-average').textContent()).toMatch(/^4[.,]2 daripada 5 daripada 412 penilaian$/);
    // Every translatable element has a Malay text different from its English key name.
    const untranslated = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-i18n]')).filter((node) => !node.textContent || node.textContent === node.getAttribute('data-i18n')).map((node) => node.getAttribute('data-i18n')),
    );
    expect(untranslated).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.reload();
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Papan pemuka perkhidmatan dalam talian');
    await page.getByRole('button', { name: 'Tukar bahasa ke English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Online services dashboard');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    await logIn(page);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const chartWidth = await page.locator('#services-chart svg').evaluate((svg) => svg.getBoundingClientRect().width);
    expect(chartWidth).toBeLessThanOrEqual(375);
  });

  it('lets an officer take a citizen by keyboard, see the masked context, hear new messages, reply and return them to the bot', async () => {
    const page = await context.newPage();
    const seen = watch(page, api.base);
    await logIn(page);
    await page.goto(`${api.base}/admin/handoff`);
    await page.waitForSelector('body[data-queue-loaded="true"]');

    // Waiting citizens first, longest wait first; a taken one shows who has it.
    const tickets = page.locator('#queue li');
    expect(await tickets.count()).toBe(3);
    expect(await tickets.nth(0).textContent()).toContain('Waiting 12 min');
    expect(await tickets.nth(0).textContent()).toContain('Telegram');
    expect(await tickets.nth(0).textContent()).toContain('Asked for a person');
    expect(await tickets.nth(2).textContent()).toContain('With Officer Lee');
    expect(await page.locator('#queue-count').textContent()).toBe('2');
    expect(await page.locator('#hours').textContent()).toBe('Office hours: open now. Monday–Friday, 8.30 am – 5.00 pm');

    // Taking without a name is refused with a pointer to the name field.
    const take = page.getByRole('button', { name: 'Take the conversation with a citizen on Telegram' });
    await take.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#officer-error').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('officer');
    expect(api.requests.filter((request) => request.path.endsWith('/take'))).toEqual([]);

    await page.keyboard.type('Siti Nurhaliza');
    await take.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#conversation').isVisible()).toBe(true);
    expect(api.requests.find((request) => request.path === '/admin/api/handoffs/h-aminah/take')?.body).toBe(JSON.stringify({ officer: 'Siti Nurhaliza' }));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('h-conversation');
    const contextText = await page.locator('#context').textContent();
    expect(contextText).toContain('Road tax (LKM) renewal');
    expect(contextText).toContain('850412-**-**66');
    expect(contextText).toContain('WXY 1234');
    // The history is shown but not read out; only what arrives after is.
    await expect.poll(() => page.locator('#messages .msg').count()).toBe(2);
    expect(await page.locator('#messages .msg.citizen').first().textContent()).toContain('Saya nak cakap dengan pegawai');
    expect(await page.locator('#announcer').textContent()).toBe('');

    api.citizenSays('h-aminah', 'Boleh saya bayar esok?');
    await expect.poll(() => page.locator('#announcer').textContent(), { timeout: 6_000 }).toBe('Citizen says: Boleh saya bayar esok?');
    expect(await page.locator('#messages .msg').count()).toBe(3);

    await page.getByLabel('Reply to the citizen').fill('Boleh, pautan bayaran sah sehingga esok.');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#messages .msg.officer').count()).toBe(1);
    expect(api.requests.find((request) => request.method === 'POST' && request.path === '/admin/api/handoffs/h-aminah/messages')?.body)
      .toBe(JSON.stringify({ text: 'Boleh, pautan bayaran sah sehingga esok.' }));
    expect(await page.getByLabel('Reply to the citizen').inputValue()).toBe('');
    // Polls carry the last seq seen, so nothing is fetched twice and the cursor never goes back.
    const cursors = () => api.requests.filter((request) => request.path.startsWith('/admin/api/handoffs/h-aminah/messages?after=')).map((request) => Number(request.path.split('=')[1]));
    await expect.poll(() => cursors().at(-1), { timeout: 6_000 }).toBe(4);
    expect(cursors()).toEqual([...cursors()].sort((a, b) => a - b));
    expect(cursors()[0]).toBe(0);

    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCRATCH, 'handoff.png'), fullPage: true });

    await page.getByRole('button', { name: 'Return to the bot' }).click();
    await expect.poll(() => page.locator('#conversation').isHidden()).toBe(true);
    expect(api.requests.some((request) => request.method === 'POST' && request.path === '/admin/api/handoffs/h-aminah/release')).toBe(true);
    expect(await page.locator('#announcer').textContent()).toBe('The conversation is back with the bot.');
    await expect.poll(() => tickets.count()).toBe(2);
    expect(seen.problems).toEqual([]);
    expect(seen.foreign).toEqual([]);
  }, 40_000);

  it('says so when another officer took the citizen first, and announces a new arrival in the queue', async () => {
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${api.base}/admin/handoff`);
    await page.getByLabel('Your name (recorded when you take a conversation)').fill('Siti');
    await page.waitForSelector('body[data-queue-loaded="true"]');
    api.takenElsewhere.add('h-tan');
    await page.getByRole('button', { name: 'Take the conversation with a citizen on WhatsApp' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Another officer has already taken this conversation.');
    expect(await page.locator('#conversation').isHidden()).toBe(true);

    api.handoffs.push({ id: 'h-lim', channel: 'webchat', lang: 'ms', status: 'waiting', since: new Date().toISOString(), officer: null, reason: 'asked', context: { service: null, details: {} }, waitingMinutes: 0 });
    await expect.poll(() => page.locator('#announcer').textContent(), { timeout: 8_000 }).toBe('3 citizens waiting for an officer.');

    await page.getByRole('button', { name: 'Switch language to Bahasa Melayu' }).click();
    expect(await page.getByRole('button', { name: 'Ambil perbualan dengan rakyat di sembang web' }).count()).toBe(1);
    expect(await page.locator('#hours').textContent()).toBe('Waktu pejabat: dibuka sekarang. Isnin–Jumaat, 8.30 pagi – 5.00 petang');
  }, 40_000);
});
