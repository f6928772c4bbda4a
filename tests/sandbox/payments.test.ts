import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signPaymentCallback, verifyPaymentCallback } from '../../src/agencies/payments';
import { PaymentCallbackSchema } from '../../src/agencies/schemas';
import { AMINAH, payOnPage, SECRET, startReceiver, startSandbox, type Harness } from './harness';

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());
afterEach(async () => {
  await h.sandbox.callbacksIdle();
  await receiver?.close();
});

const create = (callbackUrl: string, amount = '90.00') =>
  h.call('POST', '/payments', { body: { amount, reference: 'KHD-1', description: 'Cukai jalan WXY 1234 (12 bulan)', callbackUrl, returnUrl: 'http://127.0.0.1:3978/' } });

describe('payment gateway', () => {
  it('creates a pending payment with a pay URL', async () => {
    receiver = await startReceiver();
    const created = await create(receiver.url);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'PENDING', amount: '90.00', reference: 'KHD-1', paidAt: null, usedBy: null });
    expect(created.body.payUrl).toBe(`${h.base}/pay/${created.body.paymentId}`);
    const status = await h.call('GET', `/payments/${created.body.paymentId}`);
    expect(status.body.status).toBe('PENDING');
  });

  it('refuses a zero amount and a malformed one', async () => {
    receiver = await startReceiver();
    expect((await create(receiver.url, '0.00')).body.error.code).toBe('AMOUNT_INVALID');
    const bad = await create(receiver.url, '90.5');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('serves an accessible bilingual bank-selection page', async () => {
    receiver = await startReceiver();
    const created = await create(receiver.url);
    const ms = await (await fetch(created.body.payUrl)).text();
    expect(ms).toContain('<html lang="ms">');
    expect(ms).toContain('<legend>Pilih bank anda</legend>');
    expect(ms).toMatch(/<label for="bank-MBB"><input type="radio" id="bank-MBB" name="bank" value="MBB"/);
    expect(ms).toContain('RM90.00');
    const en = await (await fetch(`${created.body.payUrl}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Choose your bank');
    expect((await fetch(`${h.base}/pay/pay_unknown`)).status).toBe(404);
  });

  it('on pay, POSTs a signed callback the bot can verify, and the status turns PAID', async () => {
    receiver = await startReceiver([200]);
    const created = await create(receiver.url);
    const page = await payOnPage(created.body.payUrl, 'pay', 'CIMB');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Pembayaran berjaya');
    await h.sandbox.callbacksIdle();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(verifyPaymentCallback(delivery!.raw, delivery!.signature, SECRET)).toBe(true);
    const body = PaymentCallbackSchema.parse(JSON.parse(delivery!.raw));
    expect(body).toMatchObject({ paymentId: created.body.paymentId, status: 'PAID', amount: '90.00', reference: 'KHD-1', bank: 'CIMB Clicks' });
    expect((await h.call('GET', `/payments/${created.body.paymentId}`)).body).toMatchObject({ status: 'PAID', bank: 'CIMB Clicks' });
  });

  it('on cancel, sends a CANCELLED callback and the payment cannot be paid afterwards', async () => {
    receiver = await startReceiver([200]);
    const created = await create(receiver.url);
    await payOnPage(created.body.payUrl, 'cancel');
    await payOnPage(created.body.payUrl, 'pay');
    await h.sandbox.callbacksIdle();
    expect(receiver.received.map((r) => JSON.parse(r.raw).status)).toEqual(['CANCELLED']);
    expect((await h.call('GET', `/payments/${created.body.paymentId}`)).body.status).toBe('CANCELLED');
  });

  it('asks for a bank before paying', async () => {
    receiver = await startReceiver();
    const created = await create(receiver.url);
    const page = await fetch(created.body.payUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=pay' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Sila pilih bank');
    expect((await h.call('GET', `/payments/${created.body.paymentId}`)).body.status).toBe('PENDING');
  });

  it('retries the callback with backoff until the bot acknowledges it', async () => {
    receiver = await startReceiver([500, 503, 200]);
    const created = await create(receiver.url);
    await payOnPage(created.body.payUrl, 'pay');
    await h.sandbox.callbacksIdle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
    const ledger = h.sandbox.ledger().payments.find((p) => p.paymentId === created.body.paymentId)!;
    expect(ledger.callback).toMatchObject({ attempts: 3, lastStatus: 200 });
    expect(ledger.callback.deliveredAt).not.toBeNull();
  });

  it('gives up after the bounded number of attempts', async () => {
    receiver = await startReceiver([500]);
    const created = await create(receiver.url);
    await payOnPage(created.body.payUrl, 'pay');
    await h.sandbox.callbacksIdle();
    expect(receiver.received).toHaveLength(5);
    const ledger = h.sandbox.ledger().payments.find((p) => p.paymentId === created.body.paymentId)!;
    expect(ledger.callback).toMatchObject({ attempts: 5, deliveredAt: null, lastStatus: 500 });
  });
});

describe('callback signature', () => {
  const body = JSON.stringify({ paymentId: 'pay_1', status: 'PAID', amount: '90.00' });
  const now = 1_800_000_000;

  it('accepts the right secret within the tolerance', () => {
    expect(verifyPaymentCallback(body, signPaymentCallback(body, SECRET, now), SECRET, now + 299)).toBe(true);
  });
  it('refuses a wrong secret', () => {
    expect(verifyPaymentCallback(body, signPaymentCallback(body, 'another-secret-entirely', now), SECRET, now)).toBe(false);
  });
  it('refuses a changed body', () => {
    expect(verifyPaymentCallback(body.replace('90.00', '9.00'), signPaymentCallback(body, SECRET, now), SECRET, now)).toBe(false);
  });
  it('refuses a stale (replayed) or future signature', () => {
    expect(verifyPaymentCallback(body, signPaymentCallback(body, SECRET, now), SECRET, now + 301)).toBe(false);
    expect(verifyPaymentCallback(body, signPaymentCallback(body, SECRET, now + 400), SECRET, now)).toBe(false);
  });
  it('refuses a missing or malformed header', () => {
    for (const header of [undefined, '', 'v1=abc', `t=${now}`, `t=${now},v1=zz`, `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifyPaymentCallback(body, header, SECRET, now)).toBe(false);
    }
  });
  it('puts the timestamp under the MAC (changing t breaks it)', () => {
    const header = signPaymentCallback(body, SECRET, now).replace(`t=${now}`, `t=${now + 1}`);
    expect(verifyPaymentCallback(body, header, SECRET, now)).toBe(false);
  });
});

describe('spending a payment', () => {
  it('refuses an unpaid payment, a wrong amount, and a second use (double spend)', async () => {
    const token = await h.login(AMINAH);
    const renew = (paymentId: string, key?: string) =>
      h.call('POST', '/jpj/vehicles/WXY1234/roadtax/renew', { token, key, body: { ic: AMINAH.ic, months: 12, paymentId } });

    const pending = await h.call('POST', '/payments', { body: { amount: '90.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/x' } });
    expect((await renew(pending.body.paymentId)).body.error.code).toBe('PAYMENT_NOT_PAID');

    const wrongAmount = await h.paidPayment('45.00');
    const mismatch = await renew(wrongAmount);
    expect([mismatch.status, mismatch.body.error.code, mismatch.body.error.details]).toEqual([409, 'PAYMENT_AMOUNT_MISMATCH', { paid: '45.00', due: '90.00' }]);

    const paymentId = await h.paidPayment('90.00');
    expect((await renew(paymentId, 'first')).status).toBe(201);
    const again = await renew(paymentId, 'second');
    expect([again.status, again.body.error.code]).toEqual([409, 'PAYMENT_ALREADY_USED']);

    // The same payment cannot pay for a different service either.
    const licence = await h.call('POST', '/jpj/licence/renew', { token, body: { ic: AMINAH.ic, years: 3, paymentId } });
    expect(licence.body.error.code).toBe('PAYMENT_ALREADY_USED');
    expect(h.sandbox.ledger().transactions.filter((t) => t.status === 'COMPLETED')).toHaveLength(1);
    expect((await h.call('GET', `/payments/${paymentId}`)).body.usedBy).toBe('TXN-000003');
  });

  it('requires a payment for a paid service', async () => {
    const token = await h.login(AMINAH);
    const reply = await h.call('POST', '/jpj/licence/renew', { token, body: { ic: AMINAH.ic, years: 1 } });
    expect([reply.status, reply.body.error.code, reply.body.error.details.amount]).toEqual([422, 'PAYMENT_REQUIRED', '30.00']);
  });
});
