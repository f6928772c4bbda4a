import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AMINAH, startSandbox, TAN, type Harness } from './harness';

/**
 * A verification token lives 15 minutes, but a citizen may take longer at the bank, and the gateway's
 * callback or a restarted bot longer still. What they paid for must still be delivered: an expired
 * token authorises executing a paid payment created while the token was valid — and nothing else.
 */
let h: Harness;
beforeEach(async () => {
  h = await startSandbox();
});
afterEach(async () => {
  await h.close();
});

const renew = (token: string, paymentId: string, key: string) =>
  h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key, body: { ic: AMINAH.ic, months: 12, paymentId } });

describe('delivering a paid payment after the verification token expired', () => {
  it('renews with the expired token when the payment was created while it was valid', async () => {
    const token = await h.login(AMINAH);
    const paymentId = await h.paidPayment('90.00');
    h.sandbox.clock.advance(40 * 60_000);
    const renewed = await renew(token, paymentId, 'late-1');
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ plate: 'WXY 1234', months: 12, amount: '90.00' });
  });

  it('refuses an expired token with a payment created after it expired', async () => {
    const token = await h.login(AMINAH);
    h.sandbox.clock.advance(16 * 60_000);
    const paymentId = await h.paidPayment('90.00');
    const renewed = await renew(token, paymentId, 'late-2');
    expect(renewed.status).toBe(401);
    expect(renewed.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses an expired token for anything that is not delivering a payment', async () => {
    const token = await h.login(AMINAH);
    h.sandbox.clock.advance(16 * 60_000);
    for (const path of [`/jpj/vehicles?ic=${AMINAH.ic}`, `/jpj/vehicles/WXY1234/roadtax/eligibility?ic=${AMINAH.ic}`, `/jpj/summonses?ic=${AMINAH.ic}`]) {
      const reply = await h.call('GET', path, { token });
      expect(reply.status, path).toBe(401);
      expect(reply.body.error.code, path).toBe('TOKEN_EXPIRED');
    }
  });

  it('still binds the token to its MyKad, and a payment delivers once', async () => {
    const token = await h.login(AMINAH);
    const paymentId = await h.paidPayment('90.00');
    h.sandbox.clock.advance(40 * 60_000);
    const someoneElse = await h.call('POST', '/jpj/vehicles/PKE8812/roadtax/renew', { token, key: 'late-3', body: { ic: TAN.ic, months: 12, paymentId } });
    expect(someoneElse.status).toBe(403);
    expect((await renew(token, paymentId, 'late-4')).status).toBe(201);
    const again = await renew(token, paymentId, 'late-5');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PAYMENT_ALREADY_USED');
  });

  it('refuses an expired token with a payment created before the verification, or one not paid', async () => {
    const earlier = await h.paidPayment('90.00');
    h.sandbox.clock.advance(60_000);
    const token = await h.login(AMINAH);
    const unpaid = await h.call('POST', '/payments', { key: 'unpaid-1', body: { amount: '90.00', reference: 'X-1', description: 'road tax', callbackUrl: 'http://127.0.0.1:9/cb' } });
    expect(unpaid.status).toBe(201);
    h.sandbox.clock.advance(40 * 60_000);
    for (const paymentId of [earlier, unpaid.body.paymentId as string]) {
      const renewed = await renew(token, paymentId, `late-${paymentId}`);
      expect(renewed.status, paymentId).toBe(401);
      expect(renewed.body.error.code).toBe('TOKEN_EXPIRED');
    }
  });

  it('refuses a forged or missing payment with an expired token', async () => {
    const token = await h.login(AMINAH);
    h.sandbox.clock.advance(40 * 60_000);
    expect((await renew(token, 'pay_does_not_exist', 'late-6')).status).toBe(401);
  });
});
