import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AMINAH, startSandbox, TAN, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

describe('Idempotency-Key', () => {
  it('replays the first result for the same key and body, with no second effect', async () => {
    const token = await h.login(AMINAH);
    const paymentId = await h.paidPayment('90.00');
    const body = { ic: AMINAH.ic, months: 12, paymentId };
    const first = await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-1', body });
    const second = await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-1', body: { paymentId, months: 12, ic: AMINAH.ic } });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(h.sandbox.ledger().transactions.filter((t) => t.service === 'jpj.roadtax.renew')).toHaveLength(1);
    const vehicle = await h.call('GET', `/jpj/vehicles/WXY1234?ic=${AMINAH.ic}`, { token });
    expect(vehicle.body.roadTaxExpiry).toBe('2027-06-21');
  });

  it('refuses the same key with a different body (422)', async () => {
    const token = await h.login(AMINAH);
    const paymentId = await h.paidPayment('90.00');
    await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-2', body: { ic: AMINAH.ic, months: 12, paymentId } });
    const changed = await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-2', body: { ic: AMINAH.ic, months: 6, paymentId } });
    expect([changed.status, changed.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('refuses the same key on a different route (the path is part of the request)', async () => {
    const token = await h.login(TAN);
    const paymentId = await h.paidPayment('150.00');
    await h.call('POST', '/jpj/summonses/pay', { token, key: 'k-shared', body: { ic: TAN.ic, summonsIds: ['B1'], paymentId } });
    const other = await h.call('POST', '/jpj/summonses/pay', { token, key: 'k-shared', body: { ic: TAN.ic, summonsIds: ['B2'], paymentId } });
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('does not store a refusal: after paying, the same key goes through', async () => {
    const token = await h.login(AMINAH);
    const created = await h.call('POST', '/payments', { body: { amount: '90.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/x' } });
    const body = { ic: AMINAH.ic, months: 12, paymentId: created.body.paymentId };
    const early = await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-3', body });
    expect(early.body.error.code).toBe('PAYMENT_NOT_PAID');
    await fetch(created.body.payUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=pay&bank=MBB' });
    const later = await h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-3', body });
    expect(later.status).toBe(201);
  });

  it('handles two simultaneous requests with one key as one', async () => {
    const token = await h.login(AMINAH);
    const paymentId = await h.paidPayment('90.00');
    const body = { ic: AMINAH.ic, months: 12, paymentId };
    const [a, b] = await Promise.all([
      h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-4', body }),
      h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key: 'renew-4', body }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect(h.sandbox.ledger().transactions).toHaveLength(1);
  });

  it('makes "send OTP" idempotent too: one SMS, one request id', async () => {
    const first = await h.call('POST', '/identity/otp', { key: 'otp-1', body: { ic: AMINAH.ic } });
    const second = await h.call('POST', '/identity/otp', { key: 'otp-1', body: { ic: AMINAH.ic } });
    expect(second.body.requestId).toBe(first.body.requestId);
    expect(h.sandbox.sms()).toHaveLength(1);
  });

  it('covers payment creation: one payment per key', async () => {
    const body = { amount: '10.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/x' };
    const a = await h.call('POST', '/payments', { key: 'pay-1', body });
    const b = await h.call('POST', '/payments', { key: 'pay-1', body });
    expect(b.body.paymentId).toBe(a.body.paymentId);
    expect(h.sandbox.ledger().payments).toHaveLength(1);
  });

  it('keeps keys for 24 hours, then forgets them', async () => {
    const body = { amount: '10.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/x' };
    const a = await h.call('POST', '/payments', { key: 'pay-2', body });
    h.sandbox.clock.advance(23 * 60 * 60_000);
    expect((await h.call('POST', '/payments', { key: 'pay-2', body })).body.paymentId).toBe(a.body.paymentId);
    h.sandbox.clock.advance(2 * 60 * 60_000);
    expect((await h.call('POST', '/payments', { key: 'pay-2', body })).body.paymentId).not.toBe(a.body.paymentId);
  });

  it('rejects a malformed key', async () => {
    const reply = await h.call('POST', '/payments', { key: 'bad key with spaces', body: { amount: '10.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/x' } });
    expect([reply.status, reply.body.error.code]).toEqual([400, 'INVALID_IDEMPOTENCY_KEY']);
  });
});
