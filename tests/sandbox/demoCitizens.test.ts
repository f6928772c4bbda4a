import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AISYAH, AMINAH, LIM, MUTHU, startSandbox, TAN, type Harness } from './harness';

/** Each bullet under the demo-citizen table of DESIGN 4.5, over real HTTP. */
let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

const amounts = (quotes: { months: number; amount: string }[]) => Object.fromEntries(quotes.map((q) => [q.months, q.amount]));
const codes = (reasons: { code: string }[]) => reasons.map((r) => r.code);

describe('Aminah', () => {
  it('renews road tax online: RM90.00 for 12 months, RM45.00 for 6', async () => {
    const token = await h.login(AMINAH);
    const reply = await h.call('GET', `/jpj/vehicles/${encodeURIComponent('WXY 1234')}/roadtax/eligibility?ic=${AMINAH.ic}`, { token });
    expect(reply.status).toBe(200);
    expect(reply.body.eligible).toBe(true);
    expect(amounts(reply.body.quotes)).toEqual({ 6: '45.00', 12: '90.00' });

    const paymentId = await h.paidPayment('90.00');
    const renewed = await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'aminah-lkm', body: { ic: AMINAH.ic, months: 12, paymentId } });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ plate: 'WXY 1234', months: 12, amount: '90.00', validFrom: '2026-06-22', validTo: '2027-06-21' });
    expect(renewed.body.reference).toMatch(/^LKM-20260615-\d{4}$/);
  });

  it('renews the licence online at RM30 a year', async () => {
    const token = await h.login(AMINAH);
    for (const [years, amount] of [[1, '30.00'], [3, '90.00'], [10, '270.00']] as const) {
      const reply = await h.call('GET', `/jpj/licence/eligibility?ic=${AMINAH.ic}&years=${years}`, { token });
      expect(reply.body.eligible).toBe(true);
      expect(reply.body.quote).toMatchObject({ years, yearly: '30.00', amount });
    }
    const paymentId = await h.paidPayment('60.00');
    const renewed = await h.call('POST', '/jpj/licence/renew', { token, key: 'aminah-lmm', body: { ic: AMINAH.ic, years: 2, paymentId } });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ licenceClass: 'D', years: 2, amount: '60.00', newExpiry: '2028-07-30' });
  });

  it('renews the passport online at RM200', async () => {
    const token = await h.login(AMINAH);
    const reply = await h.call('GET', `/jim/passport/eligibility?ic=${AMINAH.ic}`, { token });
    expect(reply.body).toMatchObject({ eligible: true, category: 'STANDARD', fee: '200.00', age: 41 });
  });
});

describe('Tan', () => {
  it('is refused road tax until insurance is renewed, the fee would be RM378.50', async () => {
    const token = await h.login(TAN);
    const reply = await h.call('GET', `/jpj/vehicles/PKE8812/roadtax/eligibility?ic=${TAN.ic}`, { token });
    expect(reply.body.eligible).toBe(false);
    expect(reply.body.reasons).toEqual([{ code: 'INSURANCE_EXPIRED', insuranceExpiredOn: '2026-05-16' }]);
    expect(amounts(reply.body.quotes)[12]).toBe('378.50');

    const paymentId = await h.paidPayment('378.50');
    const renewal = await h.call('POST', '/jpj/vehicles/PKE8812/roadtax/renew', { token, body: { ic: TAN.ic, months: 12, paymentId } });
    expect(renewal.status).toBe(422);
    expect(renewal.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', details: { reasons: [{ code: 'INSURANCE_EXPIRED' }] } });
  });

  it('pays both summonses online: B1 at the 50% early rate RM150.00, B2 in full RM150.00', async () => {
    const token = await h.login(TAN);
    const list = await h.call('GET', `/jpj/summonses?ic=${TAN.ic}`, { token });
    const byId = Object.fromEntries(list.body.summonses.map((s: any) => [s.id, s]));
    expect(byId.B1).toMatchObject({ compound: '300.00', amountDue: '150.00', discountPercent: 50, stage: 'EARLY_50', payableOnline: true, daysSinceOffence: 5 });
    expect(byId.B2).toMatchObject({ compound: '150.00', amountDue: '150.00', discountPercent: 0, stage: 'FULL', payableOnline: true, daysSinceOffence: 40 });
    expect(list.body.totalDue).toBe('300.00');

    const paymentId = await h.paidPayment('300.00');
    const paid = await h.call('POST', '/jpj/summonses/pay', { token, key: 'tan-saman', body: { ic: TAN.ic, summonsIds: ['B1', 'B2'], paymentId } });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ summonsIds: ['B1', 'B2'], amount: '300.00', blacklistLifted: [] });
    expect((await h.call('GET', `/jpj/summonses?ic=${TAN.ic}`, { token })).body).toEqual({ summonses: [], totalDue: '0.00' });
  });

  it('renews the passport online at the senior rate RM100', async () => {
    const token = await h.login(TAN);
    const reply = await h.call('GET', `/jim/passport/eligibility?ic=${TAN.ic}`, { token });
    expect(reply.body).toMatchObject({ eligible: true, category: 'SENIOR', fee: '100.00', age: 63 });
  });
});

describe('Muthu', () => {
  it('is blocked by summons C1; paying C1 (RM300.00, full at 75 days) lifts the blacklist; then road tax RM70.00 goes through', async () => {
    const token = await h.login(MUTHU);
    const before = await h.call('GET', `/jpj/vehicles/BKL2231/roadtax/eligibility?ic=${MUTHU.ic}`, { token });
    expect(before.body.reasons).toEqual([{ code: 'SUMMONS_BLACKLIST', summonsIds: ['C1'] }]);
    expect(amounts(before.body.quotes)[12]).toBe('70.00');

    const summonses = await h.call('GET', `/jpj/summonses?ic=${MUTHU.ic}&plate=BKL%202231`, { token });
    expect(summonses.body.summonses[0]).toMatchObject({ id: 'C1', amountDue: '300.00', stage: 'BLACKLISTED', blacklisted: true, payableOnline: true, daysSinceOffence: 75 });

    const c1Payment = await h.paidPayment('300.00');
    const paid = await h.call('POST', '/jpj/summonses/pay', { token, key: 'muthu-c1', body: { ic: MUTHU.ic, summonsIds: ['C1'], paymentId: c1Payment } });
    expect(paid.body.blacklistLifted).toEqual(['BKL 2231']);

    const after = await h.call('GET', `/jpj/vehicles/BKL2231/roadtax/eligibility?ic=${MUTHU.ic}`, { token });
    expect(after.body.eligible).toBe(true);
    const taxPayment = await h.paidPayment('70.00');
    const renewed = await h.call('POST', '/jpj/vehicles/BKL2231/roadtax/renew', { token, key: 'muthu-lkm', body: { ic: MUTHU.ic, months: 12, paymentId: taxPayment } });
    expect(renewed.status).toBe(201);
    // Lapsed 10 days ago, so the new LKM runs from today.
    expect(renewed.body).toMatchObject({ amount: '70.00', validFrom: '2026-06-15', validTo: '2027-06-14' });
  });

  it('holds a probationary licence → counter', async () => {
    const token = await h.login(MUTHU);
    const reply = await h.call('GET', `/jpj/licence/eligibility?ic=${MUTHU.ic}`, { token });
    expect(reply.body.eligible).toBe(false);
    expect(codes(reply.body.reasons)).toEqual(['PROBATIONARY_LICENCE', 'SUMMONS_BLACKLIST']);
  });

  it('has no passport → first application at a counter', async () => {
    const token = await h.login(MUTHU);
    const reply = await h.call('GET', `/jim/passport/eligibility?ic=${MUTHU.ic}`, { token });
    expect(reply.body).toMatchObject({ eligible: false, reasons: [{ code: 'FIRST_PASSPORT' }], passport: null, fee: '200.00' });
  });

  it('is travel-restricted at LHDN’s request, and told what to do', async () => {
    const token = await h.login(MUTHU);
    const reply = await h.call('GET', `/jim/travel-restrictions?ic=${MUTHU.ic}`, { token });
    expect(reply.body.restricted).toBe(true);
    expect(reply.body.restrictions).toHaveLength(1);
    expect(reply.body.restrictions[0].agency).toBe('LHDN');
    expect(reply.body.restrictions[0].agencyName.ms).toContain('Lembaga Hasil Dalam Negeri');
    expect(reply.body.restrictions[0].whatToDo.en).toContain('departure facilitation letter');
  });

  it('stands at 12 of 20 points on the PDL ladder', async () => {
    const token = await h.login(MUTHU);
    const reply = await h.call('GET', `/jpj/demerit?ic=${MUTHU.ic}`, { token });
    expect(reply.body).toMatchObject({ points: 12, licenceType: 'PDL', pointsToNextStage: 8, nextStage: 'PDL_REVOKED' });
  });
});

describe('Nur Aisyah', () => {
  it('is 11 → passport renewal only at a counter, RM100', async () => {
    const token = await h.login(AISYAH);
    const reply = await h.call('GET', `/jim/passport/eligibility?ic=${AISYAH.ic}`, { token });
    expect(reply.body).toMatchObject({ eligible: false, age: 11, category: 'CHILD', fee: '100.00', reasons: [{ code: 'CHILD_PASSPORT', age: 11 }] });
  });

  it('can book a JIM counter appointment (no charge)', async () => {
    const token = await h.login(AISYAH);
    const slots = await h.call('GET', '/jim/appointments/slots?branchId=JIM-PUTRAJAYA&days=2');
    expect(slots.body.slots[0].start).toBe('2026-06-16T08:30:00+08:00');
    const booked = await h.call('POST', '/jim/appointments', {
      token, key: 'aisyah-apt', body: { ic: AISYAH.ic, branchId: 'JIM-PUTRAJAYA', start: slots.body.slots[0].start, purpose: 'CHILD_PASSPORT' },
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ agency: 'JIM', status: 'BOOKED', start: '2026-06-16T08:30:00+08:00', branch: { id: 'JIM-PUTRAJAYA' } });
  });
});

describe('Lim', () => {
  it('QAA 1234 expired over 3 years → PUSPAKOM inspection, not online', async () => {
    const token = await h.login(LIM);
    const reply = await h.call('GET', `/jpj/vehicles/QAA1234/roadtax/eligibility?ic=${LIM.ic}`, { token });
    expect(reply.body.eligible).toBe(false);
    expect(reply.body.reasons).toEqual([{ code: 'INSPECTION_REQUIRED', expiredOn: '2022-11-23' }]);
  });

  it('QAB 5678 renews online at the Sabah/Sarawak rate RM72.00', async () => {
    const token = await h.login(LIM);
    const reply = await h.call('GET', `/jpj/vehicles/QAB5678/roadtax/eligibility?ic=${LIM.ic}`, { token });
    expect(reply.body.eligible).toBe(true);
    expect(amounts(reply.body.quotes)).toEqual({ 6: '36.00', 12: '72.00' });
  });

  it('licence expired over 3 years → void, counter', async () => {
    const token = await h.login(LIM);
    const reply = await h.call('GET', `/jpj/licence/eligibility?ic=${LIM.ic}`, { token });
    expect(reply.body.licence.status).toBe('VOID');
    expect(reply.body.reasons).toEqual([{ code: 'LICENCE_VOID', licenceType: 'CDL', expiredOn: '2023-03-03' }]);
  });
});
