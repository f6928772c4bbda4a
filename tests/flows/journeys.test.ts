import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CITIZENS, completed, journey, startSandboxBot, type Bot } from '../helpers/journey';

/**
 * Every demo citizen's outcome of DESIGN 4.5, from the first message to the receipt (or the reason
 * and the way forward), over /api/messages against the embedded sandbox — checked in its ledger.
 */
let bot: Bot;
beforeAll(async () => {
  bot = await startSandboxBot();
});
afterAll(async () => {
  await bot.close();
});
beforeEach(() => {
  bot.app.sandbox!.reset();
});

describe('Aminah (everything online)', () => {
  it('ms: renews road tax for 12 months from one sentence to a receipt, RM90.00, charged once', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    expect(await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566')).toContain('kod 6 digit');
    expect(await aminah.otp()).toContain('6 atau 12 bulan');
    const quote = await aminah.say('12 bulan');
    expect(quote).toContain('RM90.00');
    expect(quote).toContain('Perodua Myvi');
    expect(await aminah.say('ya')).toContain('/sandbox/pay/');
    await aminah.pay();
    const receipt = await aminah.say('dah bayar');
    expect(receipt).toContain('Resit');
    expect(receipt).toMatch(/Rujukan: LKM-/);
    const done = completed(bot);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ service: 'jpj.roadtax.renew', ic: CITIZENS.aminah.ic, amount: '90.00', details: { plate: 'WXY 1234', months: 12 } });
  });

  it('en: 6 months of road tax is RM45.00, and a repeated payment callback changes nothing', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('I want to renew my road tax please');
    expect(aminah.text()).toContain('MyKad');
    expect(await aminah.say('850412105566')).toContain('6-digit code');
    await aminah.otp();
    // One vehicle: picked without asking.
    expect(aminah.text()).toContain('6 or 12 months');
    expect(await aminah.say('six months')).toContain('RM45.00');
    await aminah.say('yes');
    await aminah.pay();
    expect(await aminah.say('I have paid')).toContain('Receipt');
    // The gateway retries its callback: replay it, signed, and check nothing more happens.
    const [payment] = bot.app.sandbox!.ledger().payments;
    const body = JSON.stringify({ paymentId: payment.paymentId, status: 'PAID', amount: payment.amount, reference: payment.reference, bank: 'Maybank2u', at: new Date().toISOString() });
    const { signPaymentCallback } = await import('../../src/agencies/payments');
    const replay = await fetch(`${bot.base}/api/payments/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-payment-signature': signPaymentCallback(body, bot.app.config.PAYMENT_CALLBACK_SECRET) },
      body,
    });
    expect(replay.status).toBe(200);
    expect(completed(bot)).toHaveLength(1);
    expect(completed(bot)[0].amount).toBe('45.00');
  });

  it('ms: renews her driving licence at RM30 a year', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew lesen memandu, ic saya 850412-10-5566');
    expect(await aminah.otp()).toContain('berapa tahun');
    const quote = await aminah.say('2 tahun');
    expect(quote).toContain('RM60.00');
    expect(quote).toContain('RM30.00 setahun');
    await aminah.say('ya');
    await aminah.pay();
    await aminah.say('dah bayar');
    expect(completed(bot)).toMatchObject([{ service: 'jpj.licence.renew', amount: '60.00' }]);
  });

  it('en: renews her passport online for RM200, collected at the office she picks', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('renew my passport, IC 850412-10-5566');
    await aminah.otp();
    expect(aminah.text()).toContain('collect');
    const offices = aminah.buttons();
    expect(offices.length).toBeGreaterThan(1);
    const quote = await aminah.say('1');
    expect(quote).toContain('RM200.00');
    expect(quote).toContain(offices[0]);
    await aminah.say('yes');
    await aminah.pay();
    expect(await aminah.say('paid')).toContain('Ready for collection');
    expect(completed(bot)).toMatchObject([{ service: 'jim.passport.renew', amount: '200.00' }]);
  });
});

describe('Tan (insurance expired, two summonses, senior passport)', () => {
  it('en: road tax is refused until the insurance is renewed, says what it would cost, charges nothing', async () => {
    const tan = journey(bot, CITIZENS.tan.phone);
    await tan.say('renew road tax for PKE 8812, my IC is 620815-07-5511');
    const answer = await tan.otp();
    expect(answer).toMatch(/insurance expired/i);
    expect(answer).toContain('RM378.50');
    expect(bot.app.sandbox!.ledger().payments).toHaveLength(0);
    expect(completed(bot)).toHaveLength(0);
  });

  it('ms: pays both summonses online — B1 at the 50% early rate, B2 in full', async () => {
    const tan = journey(bot, CITIZENS.tan.phone);
    await tan.say('nak semak saman saya, 620815-07-5511');
    const list = await tan.otp();
    expect(list).toContain('B1');
    expect(list).toContain('B2');
    expect(tan.buttons()[0]).toContain('RM300.00');
    const quote = await tan.say('1');
    expect(quote).toContain('Jumlah: RM300.00');
    await tan.say('ya');
    await tan.pay();
    await tan.say('dah bayar');
    expect(completed(bot)).toMatchObject([{ service: 'jpj.summons.pay', amount: '300.00' }]);
  });

  it('en: renews his passport at the senior rate, RM100', async () => {
    const tan = journey(bot, CITIZENS.tan.phone);
    await tan.say('passport renewal 620815075511');
    await tan.otp();
    expect(await tan.say('1')).toContain('RM100.00');
  });
});

describe('Muthu (blacklisted by a summons, probationary licence, no passport, travel ban)', () => {
  it('ms: pays the blocking summons C1 in the same conversation, then the road tax renewal goes through at RM70.00', async () => {
    const muthu = journey(bot, CITIZENS.muthu.phone);
    await muthu.say('nak renew roadtax BKL 2231 ic 990101-14-5673');
    const refusal = await muthu.otp();
    expect(refusal).toContain('C1');
    expect(refusal).toMatch(/bayar saman C1 sekarang/);
    const summonsQuote = await muthu.say('ya');
    expect(summonsQuote).toContain('RM300.00');
    await muthu.say('ya');
    await muthu.pay();
    const resumed = await muthu.say('dah bayar');
    expect(resumed).toContain('Senarai hitam ditarik balik');
    expect(resumed).toContain('6 atau 12 bulan');
    expect(await muthu.say('12')).toContain('RM70.00');
    await muthu.say('ya');
    await muthu.pay();
    await muthu.say('dah bayar');
    expect(completed(bot).map((t) => [t.service, t.amount])).toEqual([
      ['jpj.summons.pay', '300.00'],
      ['jpj.roadtax.renew', '70.00'],
    ]);
  });

  it('en: a probationary licence goes to a counter, and the bot books the appointment', async () => {
    const muthu = journey(bot, CITIZENS.muthu.phone);
    await muthu.say('renew my driving licence, IC 990101-14-5673');
    const refusal = await muthu.otp();
    expect(refusal).toMatch(/probationary/i);
    expect(refusal).toContain('counter appointment');
    await muthu.say('yes');
    expect(muthu.text()).toMatch(/branch/i);
    await muthu.say('1');
    await muthu.say('1');
    expect(muthu.text()).toContain('Your appointment is booked');
    expect(completed(bot)).toMatchObject([{ service: 'appointment.book', amount: '0.00' }]);
  });

  it('ms: no passport yet (first application) → counter', async () => {
    const muthu = journey(bot, CITIZENS.muthu.phone);
    await muthu.say('nak renew pasport 990101-14-5673');
    expect(await muthu.otp()).toMatch(/kaunter/i);
    expect(completed(bot)).toHaveLength(0);
  });

  it('en: travel restricted — names LHDN and what to do', async () => {
    const muthu = journey(bot, CITIZENS.muthu.phone);
    await muthu.say('am I blacklisted from leaving the country? IC 990101-14-5673');
    const answer = await muthu.otp();
    expect(answer).toMatch(/restriction/i);
    expect(answer).toMatch(/LHDN|Inland Revenue/);
  });

  it('ms: sees 12 demerit points and his place on the KEJARA ladder', async () => {
    const muthu = journey(bot, CITIZENS.muthu.phone);
    await muthu.say('semak mata demerit saya 990101-14-5673');
    expect(await muthu.otp()).toContain('Mata demerit KEJARA anda: 12');
  });
});

describe('Nur Aisyah (child) and Lim (inspection, void licence, Sarawak rate)', () => {
  it('ms: a child’s passport is renewed only at a counter (RM100) — the bot offers and books an appointment', async () => {
    const nur = journey(bot, CITIZENS.nurAisyah.phone);
    await nur.say('nak renew pasport anak saya, mykad 150303-01-1234');
    const refusal = await nur.otp();
    expect(refusal).toContain('RM100.00');
    expect(refusal).toMatch(/kaunter/);
    await nur.say('ya');
    await nur.say('1');
    expect(await nur.say('1')).toContain('Temujanji anda telah ditempah');
    expect(completed(bot)).toMatchObject([{ service: 'appointment.book', ic: CITIZENS.nurAisyah.ic }]);
  });

  it('en: QAA 1234 expired over three years needs an inspection; QAB 5678 renews at the Sarawak rate RM72.00', async () => {
    const lim = journey(bot, CITIZENS.lim.phone);
    await lim.say('renew road tax, IC 780920-13-5208');
    await lim.otp();
    expect(lim.buttons().join(' ')).toContain('QAA 1234');
    const inspection = await lim.say('QAA 1234');
    expect(inspection).toMatch(/PUSPAKOM|inspection/i);
    await lim.say('no');
    await lim.say('renew road tax QAB 5678');
    expect(lim.text()).toContain('6 or 12 months');
    expect(await lim.say('12 months')).toContain('RM72.00');
  });

  it('ms: a licence expired over three years is void → counter', async () => {
    const lim = journey(bot, CITIZENS.lim.phone);
    await lim.say('renew lesen 780920-13-5208');
    expect(await lim.otp()).toMatch(/batal|tidak sah/i);
    expect(completed(bot)).toHaveLength(0);
  });
});

describe('the E2E funnel', () => {
  it('records each stage of a completed renewal once, and a refusal with its reason', async () => {
    const before = await bot.app.funnel.totals();
    const count = (rows: typeof before, service: string, stage: string) =>
      rows.filter((row) => row.service === service && row.stage === stage).reduce((sum, row) => sum + row.count, 0);

    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    await aminah.say('12 bulan');
    await aminah.say('ya');
    await aminah.pay();
    await aminah.say('dah bayar');
    const tan = journey(bot, CITIZENS.tan.phone);
    await tan.say('renew road tax PKE 8812 620815-07-5511');
    await tan.otp();

    const after = await bot.app.funnel.totals();
    for (const stage of ['started', 'identified', 'eligible', 'paid', 'completed']) {
      expect(count(after, 'jpj.roadtax.renew', stage) - count(before, 'jpj.roadtax.renew', stage), stage).toBe(stage === 'started' || stage === 'identified' ? 2 : 1);
    }
    expect(count(after, 'jpj.roadtax.renew', 'refused') - count(before, 'jpj.roadtax.renew', 'refused')).toBe(1);
  });
});
