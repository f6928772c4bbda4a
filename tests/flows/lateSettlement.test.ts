import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CITIZENS, completed, journey, startSandboxBot, type Bot } from '../helpers/journey';

/**
 * The identity token the agency issued after the OTP lives 15 minutes. A citizen who pays later
 * than that, or a JPJ outage that outlasts it, must still end with what they paid for — once.
 */
let bot: Bot;
beforeEach(async () => {
  bot = await startSandboxBot();
});
afterEach(async () => {
  await bot.close();
});

async function toPaymentLink(aminah: ReturnType<typeof journey>) {
  await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
  await aminah.otp();
  await aminah.say('12 bulan');
  expect(await aminah.say('ya')).toContain('/sandbox/pay/');
}

describe('paying after the verification has expired', () => {
  it('ms: a citizen who pays 40 minutes after verifying still gets the receipt, charged once', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await toPaymentLink(aminah);
    bot.app.sandbox!.clock.advance(40 * 60_000);
    await aminah.pay();
    expect(await aminah.say('dah bayar')).toContain('Resit');
    expect(completed(bot)).toHaveLength(1);
    expect(bot.app.sandbox!.ledger().payments.filter((p) => p.status === 'PAID')).toHaveLength(1);
  });

  it('a JPJ outage that outlasts the token: the reconciler delivers after it, once', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await toPaymentLink(aminah);
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1000 });
    await aminah.pay();
    expect(completed(bot)).toHaveLength(0);
    const [pending] = await bot.app.transactions.pending(10);
    expect(pending?.status).toBe('failed');

    bot.app.sandbox!.clock.advance(60 * 60_000);
    bot.app.sandbox!.faults.reset();
    const settled = await bot.app.settlement.reconcile();
    expect(settled.map((record) => record.status)).toEqual(['completed']);
    expect(completed(bot)).toHaveLength(1);
    expect(await bot.app.settlement.reconcile()).toEqual([]);
    expect(completed(bot)).toHaveLength(1);
  });
});
