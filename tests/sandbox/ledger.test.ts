import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LedgerResponseSchema } from '../../src/agencies/schemas';
import { AISYAH, AMINAH, startSandbox, TAN, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

describe('GET /sandbox/ledger', () => {
  it('lists every transaction with id, service, full MyKad, reference, amount in ringgit, status, time and details', async () => {
    const aminah = await h.login(AMINAH);
    const roadTaxPayment = await h.paidPayment('45.00');
    await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token: aminah, key: 'a', body: { ic: AMINAH.ic, months: 6, paymentId: roadTaxPayment } });
    const passportPayment = await h.paidPayment('200.00');
    const application = await h.call('POST', '/jim/passport/renew', { token: aminah, key: 'b', body: { ic: AMINAH.ic, collectionOfficeId: 'JIM-KELANAJAYA', paymentId: passportPayment } });
    const tan = await h.login(TAN);
    const summonsPayment = await h.paidPayment('150.00');
    await h.call('POST', '/jpj/summonses/pay', { token: tan, key: 'c', body: { ic: TAN.ic, summonsIds: ['B1'], paymentId: summonsPayment } });
    const aisyah = await h.login(AISYAH);
    const slots = await h.call('GET', '/jim/appointments/slots?branchId=JIM-KAJANG');
    const appointment = await h.call('POST', '/jim/appointments', { token: aisyah, key: 'd', body: { ic: AISYAH.ic, branchId: 'JIM-KAJANG', start: slots.body.slots[0].start, purpose: 'CHILD_PASSPORT' } });

    const reply = await h.call('GET', '/ledger');
    const ledger = LedgerResponseSchema.parse(reply.body);
    expect(ledger.transactions.map((t) => [t.service, t.ic, t.amount, t.status])).toEqual([
      ['jpj.roadtax.renew', AMINAH.ic, '45.00', 'COMPLETED'],
      ['jim.passport.renew', AMINAH.ic, '200.00', 'COMPLETED'],
      ['jpj.summons.pay', TAN.ic, '150.00', 'COMPLETED'],
      ['appointment.book', AISYAH.ic, '0.00', 'COMPLETED'],
    ]);
    expect(ledger.transactions[0]!.details).toEqual({ plate: 'WXY 1234', months: 6, validFrom: '2026-06-22', validTo: '2026-12-21', paymentId: roadTaxPayment });
    expect(ledger.transactions[1]!.details).toMatchObject({ applicationId: application.body.applicationId, passportNumber: 'A12345678', category: 'STANDARD', collectionOfficeId: 'JIM-KELANAJAYA' });
    expect(ledger.transactions[2]!.details).toEqual({ summonsIds: ['B1'], plates: ['PKE 8812'], paymentId: summonsPayment });
    expect(ledger.transactions[3]!.details).toMatchObject({ appointmentId: appointment.body.appointmentId, agency: 'JIM', branchId: 'JIM-KAJANG', purpose: 'CHILD_PASSPORT' });
    expect(ledger.transactions[0]!.reference).toMatch(/^LKM-/);
    expect(ledger.transactions[0]!.createdAt).toMatch(/^2026-06-15T/);

    expect(ledger.payments.map((p) => [p.amount, p.status, p.usedBy])).toEqual([
      ['45.00', 'PAID', ledger.transactions[0]!.id],
      ['200.00', 'PAID', ledger.transactions[1]!.id],
      ['150.00', 'PAID', ledger.transactions[2]!.id],
    ]);
  });

  it('records a refused paid attempt as FAILED with nothing charged, and a refusal without payment not at all', async () => {
    const tan = await h.login(TAN);
    await h.call('GET', `/jpj/vehicles/PKE8812/roadtax/eligibility?ic=${TAN.ic}`, { token: tan });
    const paymentId = await h.paidPayment('378.50');
    await h.call('POST', '/jpj/vehicles/PKE8812/roadtax/renew', { token: tan, body: { ic: TAN.ic, months: 12, paymentId } });
    await h.call('POST', '/jpj/vehicles/PKE8812/roadtax/renew', { token: tan, body: { ic: TAN.ic, months: 12 } });
    const ledger = h.sandbox.ledger();
    expect(ledger.transactions).toEqual([
      expect.objectContaining({ service: 'jpj.roadtax.renew', status: 'FAILED', amount: '0.00', details: { plate: 'PKE 8812', months: 12, paymentId, reason: 'NOT_ELIGIBLE' } }),
    ]);
    expect(ledger.payments[0]!.usedBy).toBeNull();
  });

  it('appointments: book and cancel are both in the ledger at RM0.00; a cancelled slot is free again', async () => {
    const token = await h.login(AMINAH);
    const slots = await h.call('GET', '/jpj/appointments/slots?branchId=JPJ-SEL-PADANGJAWA&days=1');
    const start = slots.body.slots[0].start;
    const booking = { ic: AMINAH.ic, branchId: 'JPJ-SEL-PADANGJAWA', start, purpose: 'jpj.licence.renew' };
    const a = await h.call('POST', '/jpj/appointments', { token, body: booking });
    await h.call('POST', '/jpj/appointments', { token, body: booking });
    const full = await h.call('POST', '/jpj/appointments', { token, body: booking });
    expect([full.status, full.body.error.code]).toEqual([409, 'SLOT_FULL']);
    const afterBooking = await h.call('GET', '/jpj/appointments/slots?branchId=JPJ-SEL-PADANGJAWA&days=1');
    expect(afterBooking.body.slots[0].start).not.toBe(start);

    const cancelled = await h.call('POST', `/jpj/appointments/${a.body.appointmentId}/cancel`, { token, key: 'cancel-1', body: { ic: AMINAH.ic } });
    expect(cancelled.body.status).toBe('CANCELLED');
    const again = await h.call('GET', '/jpj/appointments/slots?branchId=JPJ-SEL-PADANGJAWA&days=1');
    expect(again.body.slots[0]).toEqual({ start, free: 1 });
    expect(h.sandbox.ledger().transactions.map((t) => [t.service, t.amount])).toEqual([
      ['appointment.book', '0.00'], ['appointment.book', '0.00'], ['appointment.cancel', '0.00'],
    ]);
  });

  it('refuses a time that is not a slot', async () => {
    const token = await h.login(AMINAH);
    const reply = await h.call('POST', '/jpj/appointments', { token, body: { ic: AMINAH.ic, branchId: 'JPJ-SEL-PADANGJAWA', start: '2026-06-20T10:00:00+08:00', purpose: 'x' } });
    expect([reply.status, reply.body.error.code]).toEqual([422, 'SLOT_NOT_OFFERED']);
  });

  it('reset() reseeds the demo data and empties the ledger', async () => {
    const token = await h.login(TAN);
    const paymentId = await h.paidPayment('150.00');
    await h.call('POST', '/jpj/summonses/pay', { token, body: { ic: TAN.ic, summonsIds: ['B1'], paymentId } });
    expect((await h.call('POST', '/reset')).body).toEqual({ ok: true });
    expect(h.sandbox.ledger()).toEqual({ transactions: [], payments: [] });
    const fresh = await h.login(TAN);
    expect((await h.call('GET', `/jpj/summonses?ic=${TAN.ic}`, { token: fresh })).body.summonses).toHaveLength(2);
  });
});
