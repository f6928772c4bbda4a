import type { Next, Request, Response } from 'restify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CITIZENS, completed, journey, startSandboxBot, type Bot } from '../helpers/journey';

/**
 * Agency faults from the sandbox's fault injection, as a citizen meets them mid-journey: a clear
 * "try again" in their language, their progress kept, and — once the agency is back — the same
 * conversation carries on to the quote. Every JPJ request reaching the sandbox is counted.
 */
let bot: Bot;
let jpjHits = 0;

async function quoteReady(lang: 'ms' | 'en') {
  const aminah = journey(bot, CITIZENS.aminah.phone);
  await aminah.say(lang === 'ms' ? 'nak renew roadtax WXY 1234, ic 850412-10-5566' : 'renew road tax WXY 1234, IC 850412-10-5566');
  expect(await aminah.otp()).toMatch(lang === 'ms' ? /6 atau 12 bulan/ : /6 or 12 months/);
  return aminah;
}

// A fresh app per test: each agency client's circuit breaker remembers failures for 30 s, and one
// test's outage must not open the breaker for the next (which happened under full-suite load).
beforeEach(async () => {
  bot = await startSandboxBot();
  bot.app.server.pre((req: Request, _res: Response, next: Next) => {
    if (req.url?.startsWith('/sandbox/jpj/')) jpjHits += 1;
    return next();
  });
});
afterEach(async () => {
  await bot.close();
});

describe('an agency that fails while a citizen waits', () => {
  it.each([
    ['ms', '12 bulan', /JPJ tidak menjawab sekarang.*Sila cuba lagi/s, 'RM90.00'],
    ['en', '12 months', /JPJ system is not responding right now.*Please try again.*progress is kept/s, 'RM90.00'],
  ] as const)('%s: 5xx → a clear "try again", progress kept, then the quote', async (lang, period, tryAgain, fee) => {
    const aminah = await quoteReady(lang);
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 502, count: 100 });
    jpjHits = 0;
    expect(await aminah.say(period)).toMatch(tryAgain);
    bot.app.sandbox!.faults.reset();
    // No second OTP, no new questions: the same answer now gets the quote.
    const smsBefore = bot.app.sandbox!.sms(CITIZENS.aminah.phone).length;
    expect(await aminah.say(period)).toContain(fee);
    expect(bot.app.sandbox!.sms(CITIZENS.aminah.phone)).toHaveLength(smsBefore);
    expect(completed(bot)).toHaveLength(0);
  });

  it('a timeout (the agency hangs) ends in "try again" within the turn budget, not a hung turn', async () => {
    const aminah = await quoteReady('en');
    bot.app.sandbox!.faults.arm('jpj', { kind: 'timeout', count: 100, hangMs: 20_000 });
    const started = Date.now();
    expect(await aminah.say('12 months')).toMatch(/JPJ system is not responding right now.*Please try again/s);
    // 3 s per attempt: the turn ends before a channel's ~15 s redelivery timeout.
    expect(Date.now() - started).toBeLessThan(14_000);
    bot.app.sandbox!.faults.reset();
    expect(await aminah.say('12 months')).toContain('RM90.00');
  }, 40_000);

  it('a slow agency (1 s per call) is waited for: the quote arrives, nothing lost', async () => {
    const aminah = await quoteReady('ms');
    // Well inside the 3 s per-attempt timeout, also on a loaded CI machine.
    bot.app.sandbox!.faults.arm('jpj', { kind: 'latency', ms: 1_000, count: 3 });
    const started = Date.now();
    expect(await aminah.say('12 bulan')).toContain('RM90.00');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await aminah.say('ya')).toContain('/sandbox/pay/');
  }, 20_000);
});

describe('the circuit breaker in front of a down agency', () => {
  it('stops calling JPJ after the threshold and answers at once, while the citizen is told to try later', async () => {
    const first = await quoteReady('en');
    const second = await quoteReady('ms');
    // From now on JPJ is down for good: every call fails.
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1_000 });
    jpjHits = 0;
    for (let i = 0; i < 4; i += 1) await first.say('12 months');
    const hitsToOpen = jpjHits;
    // 5 consecutive failures open the breaker (2 calls per turn: one try, one retry).
    // (a sixth may be a retry already under way when the fifth failure opened it)
    expect(hitsToOpen).toBeGreaterThanOrEqual(5);
    expect(hitsToOpen).toBeLessThanOrEqual(6);
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) {
      const reply = await second.say('12 bulan');
      expect(reply).toMatch(/JPJ tidak dapat digunakan buat sementara waktu.*cuba lagi/s);
    }
    expect(jpjHits).toBe(hitsToOpen);
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 20_000);
});
