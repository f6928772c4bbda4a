import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EXECUTION_ATTEMPTS } from '../../src/flows/settlement';
import { CITIZENS, completed, startSandboxBot, type Bot } from '../helpers/journey';

/**
 * Paid, but the agency call that delivers the service keeps failing: the operator sees it, retries
 * it (exactly once delivered, receipt pushed to the citizen), or closes it by hand (refunded,
 * delivered at the counter) and the citizen is told in their language.
 */
const ADMIN_TOKEN = 'operator-token-0123456789';
const RAW_MYKADS = [CITIZENS.aminah.ic, CITIZENS.lim.ic, ...[CITIZENS.aminah.ic, CITIZENS.lim.ic].map((ic) => ic.replace(/-/g, ''))];

let bot: Bot;
beforeEach(async () => {
  bot = await startSandboxBot({ ADMIN_TOKEN });
});
afterEach(async () => {
  await bot.close();
});

async function admin(method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = ADMIN_TOKEN) {
  const response = await fetch(`${bot.base}/admin/api${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

async function attention(): Promise<{ maxAttempts: number; payments: any[]; text: string }> {
  const { status, json, text } = await admin('GET', '/payments/attention');
  expect(status).toBe(200);
  return { ...json, text };
}

const until = async (probe: () => Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; i < 150; i += 1) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** A citizen on the web chat (self-hosted Direct Line): the one channel here where a later push lands. */
async function webCitizen(phone: string) {
  const api = `${bot.base}/v3/directline`;
  const { token } = (await (await fetch(`${api}/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { conversationId } = (await (await fetch(`${api}/conversations`, { method: 'POST', headers })).json()) as { conversationId: string };
  const transcript = async () => {
    const history = (await (await fetch(`${api}/conversations/${conversationId}/activities`, { headers })).json()) as { activities: Array<{ from: { id: string }; text?: string }> };
    return history.activities.filter((activity) => activity.from.id !== 'me').map((activity) => activity.text ?? '');
  };
  const citizen = {
    transcript,
    received: async () => (await transcript()).join('\n'),
    async say(text: string): Promise<void> {
      const response = await fetch(`${api}/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, from: { id: 'me' } }) });
      expect(response.status).toBe(200);
    },
    async otp(): Promise<void> {
      const code = bot.app.sandbox!.sms(phone).at(-1)?.text.match(/\b\d{6}\b/)?.[0];
      expect(code, `an OTP SMS to ${phone}`).toBeDefined();
      await citizen.say(code!);
    },
    /** Pays on the sandbox gateway's page and waits for its callback to be acknowledged. */
    async pay(): Promise<void> {
      const link = (await citizen.received()).match(/https?:\/\/\S+\/sandbox\/pay\/[\w-]+/g)?.at(-1);
      expect(link, 'a payment link').toBeDefined();
      const response = await fetch(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=pay&bank=MBB' });
      expect(response.status).toBe(200);
      await bot.app.sandbox!.callbacksIdle();
    },
  };
  return citizen;
}

async function aminahToPaymentLink() {
  const aminah = await webCitizen(CITIZENS.aminah.phone);
  await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
  await aminah.otp();
  await aminah.say('12 bulan');
  await aminah.say('ya');
  expect(await aminah.received()).toContain('/sandbox/pay/');
  return aminah;
}

async function limToPaymentLink() {
  const lim = await webCitizen(CITIZENS.lim.phone);
  await lim.say('I want to renew road tax for QAB 5678, my IC is 780920-13-5208');
  await lim.otp();
  await lim.say('12 months');
  await lim.say('yes');
  expect(await lim.received()).toContain('/sandbox/pay/');
  return lim;
}

/** JPJ down from the moment of payment: paid, and the citizen told their payment is safe. */
async function paidWhileJpjIsDown(citizen: Awaited<ReturnType<typeof webCitizen>>, told: RegExp) {
  await citizen.pay();
  // The callback's notice runs one more settle in the citizen's conversation; wait for it to finish.
  await until(async () => told.test(await citizen.received()), 'the "payment received, service pending" notice');
}

describe('payments needing attention', () => {
  it('lists a paid, undelivered payment masked; a retry during the outage keeps it; after the reconciler gave up, a retry delivers once and pushes the receipt', async () => {
    const aminah = await aminahToPaymentLink();
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1000 });
    await paidWhileJpjIsDown(aminah, /Bayaran anda diterima tetapi agensi belum dapat/);
    expect(completed(bot)).toHaveLength(0);

    const listed = await attention();
    expect(listed.maxAttempts).toBe(MAX_EXECUTION_ATTEMPTS);
    expect(listed.payments).toHaveLength(1);
    const [payment] = listed.payments;
    expect(payment).toMatchObject({
      service: 'jpj.roadtax.renew',
      title: { ms: 'Pembaharuan cukai jalan (LKM)', en: 'Road tax (LKM) renewal' },
      status: 'failed',
      lang: 'ms',
      mykad: '850412-**-**66',
      failure: expect.any(String),
      gaveUp: false,
      details: { plate: 'WXY 1234', months: 12 },
      resolution: null,
    });
    expect(payment.ref).toMatch(/^KH-JPJ-ROADTAX-/);
    expect(payment.amount).toMatch(/^\d+\.\d\d$/);
    expect(payment.attempts).toBeGreaterThanOrEqual(1);
    expect(Date.parse(payment.createdAt)).toBeLessThanOrEqual(Date.parse(payment.updatedAt));
    for (const ic of RAW_MYKADS) expect(listed.text).not.toContain(ic);
    // Nor the agency's verification token.
    const stored = await bot.app.transactions.get(payment.ref);
    expect(listed.text).not.toContain(String(stored!.request.token));

    // JPJ answers a health check, then is down again (the break keeps the client's circuit breaker,
    // four failures in, from tripping and holding the later retry back 30 s): the retry fails,
    // is counted, and the payment stays listed.
    bot.app.sandbox!.faults.reset();
    expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1000 });
    const failing = await admin('POST', `/payments/${payment.ref}/retry`);
    expect(failing.status).toBe(200);
    expect(failing.json).toMatchObject({ ref: payment.ref, status: 'failed', attempts: payment.attempts + 1 });
    expect((await attention()).payments.map((p) => [p.ref, p.attempts])).toEqual([[payment.ref, payment.attempts + 1]]);
    expect(completed(bot)).toHaveLength(0);

    // Ten rounds of the reconciler later, it has given up: listed as such, and reconcile() leaves it alone.
    const record = (await bot.app.transactions.get(payment.ref))!;
    await bot.app.transactions.save({ ...record, attempts: MAX_EXECUTION_ATTEMPTS });
    expect((await attention()).payments[0]).toMatchObject({ ref: payment.ref, gaveUp: true, attempts: MAX_EXECUTION_ATTEMPTS });
    expect(await fetch(`${bot.base}/metrics`).then((r) => r.text())).toMatch(/khidmat_payments_needing_attention\{state="gave_up"\} 1\b/);
    // JPJ recovers; the reconciler still leaves it to the operator.
    bot.app.sandbox!.faults.reset();
    expect(await bot.app.settlement.reconcile()).toEqual([]);
    expect(completed(bot)).toHaveLength(0);

    const done = await admin('POST', `/payments/${payment.ref}/retry`);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ ref: payment.ref, status: 'completed' });
    expect(completed(bot)).toHaveLength(1);
    expect((await attention()).payments).toEqual([]);
    expect(await fetch(`${bot.base}/metrics`).then((r) => r.text())).toMatch(/khidmat_payments_needing_attention\{state="gave_up"\} 0\b/);
    // The receipt reaches the citizen on their channel, as after a payment callback, once.
    await until(async () => /Resit/.test(await aminah.received()), 'the receipt pushed to the citizen');
    expect(await aminah.received()).toContain(payment.ref);
    await until(async () => (await bot.app.transactions.get(payment.ref))?.receiptDelivered === true, 'the receipt marked delivered');
    expect((await aminah.transcript()).filter((text) => /Resit/.test(text))).toHaveLength(1);

    // A second retry, and a resolve, are refused: nothing is executed or charged twice.
    const again = await admin('POST', `/payments/${payment.ref}/retry`);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'PAYMENT_CLOSED', details: { status: 'completed' } });
    expect((await admin('POST', `/payments/${payment.ref}/resolve`, { outcome: 'refunded', note: 'too late' })).status).toBe(409);
    expect(completed(bot)).toHaveLength(1);
    expect(bot.app.sandbox!.ledger().payments.filter((p) => p.status === 'PAID')).toHaveLength(1);
  });

  it('resolving closes a payment for good and tells the citizen in their own language', async () => {
    // Both reach the payment link while JPJ is up, then JPJ goes down for both payments.
    const aminah = await aminahToPaymentLink();
    const lim = await limToPaymentLink();
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 1000 });
    await paidWhileJpjIsDown(aminah, /Bayaran anda diterima tetapi agensi belum dapat/);
    await paidWhileJpjIsDown(lim, /Your payment was received but the agency could not complete/);

    const { payments, text } = await attention();
    expect(payments.map((p) => [p.lang, p.mykad])).toEqual([
      ['en', '780920-**-**08'],
      ['ms', '850412-**-**66'],
    ]);
    for (const ic of RAW_MYKADS) expect(text).not.toContain(ic);
    const [limPayment, aminahPayment] = payments;

    // Bad requests, an unknown reference.
    for (const body of [{}, { outcome: 'refunded' }, { outcome: 'refunded', note: '   ' }, { outcome: 'refunded', note: 'x'.repeat(501) }, { outcome: 'cancelled', note: 'no' }]) {
      const bad = await admin('POST', `/payments/${limPayment.ref}/resolve`, body);
      expect(bad.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await admin('POST', '/payments/KH-JPJ-ROADTAX-NOPE0000/resolve', { outcome: 'refunded', note: 'x' })).status).toBe(404);
    expect((await admin('POST', '/payments/KH-JPJ-ROADTAX-NOPE0000/retry')).status).toBe(404);
    expect((await admin('POST', '/payments/not%20a%20ref/retry')).status).toBe(404);

    const refunded = await admin('POST', `/payments/${limPayment.ref}/resolve`, { outcome: 'refunded', note: `Refunded via gateway, FPX 7781 (IC ${CITIZENS.lim.ic})` });
    expect(refunded.status).toBe(200);
    expect(refunded.json).toMatchObject({ ref: limPayment.ref, status: 'resolved', resolution: { outcome: 'refunded', by: 'admin', at: expect.any(String) } });
    expect(refunded.text).not.toContain(CITIZENS.lim.ic);
    const byHand = await admin('POST', `/payments/${aminahPayment.ref}/resolve`, { outcome: 'delivered_by_hand', note: 'LKM issued at the JPJ Wangsa Maju counter' });
    expect(byHand.json).toMatchObject({ status: 'resolved', resolution: { outcome: 'delivered_by_hand', note: 'LKM issued at the JPJ Wangsa Maju counter' } });
    expect((await bot.app.transactions.get(aminahPayment.ref))?.resolution).toMatchObject({ outcome: 'delivered_by_hand', by: 'admin' });

    // Each citizen hears it on their own channel, in their own language.
    await until(async () => /Officer: About your payment for Road tax \(LKM\) renewal .*has been refunded/.test(await lim.received()), 'the refund notice in English');
    expect(await lim.received()).toContain(limPayment.ref);
    await until(async () => /Pegawai: Urusan Pembaharuan cukai jalan \(LKM\) anda .*telah diselesaikan oleh pegawai/.test(await aminah.received()), 'the notice in Malay');

    // Gone from the list; JPJ back, and still nothing touches them: not the reconciler, not a retry, not a second resolve.
    expect((await attention()).payments).toEqual([]);
    bot.app.sandbox!.faults.reset();
    expect(await bot.app.transactions.pending(MAX_EXECUTION_ATTEMPTS)).toEqual([]);
    expect(await bot.app.settlement.reconcile()).toEqual([]);
    expect((await bot.app.settlement.settle(limPayment.ref))?.status).toBe('resolved');
    const retried = await admin('POST', `/payments/${limPayment.ref}/retry`);
    expect(retried.status).toBe(409);
    expect(retried.json.error.details).toEqual({ status: 'resolved' });
    expect((await admin('POST', `/payments/${limPayment.ref}/resolve`, { outcome: 'delivered_by_hand', note: 'again' })).status).toBe(409);
    expect(completed(bot)).toHaveLength(0);
    expect((await bot.app.transactions.get(limPayment.ref))?.resolution?.outcome).toBe('refunded');

    // Still at the payment step, the citizen says they paid: told it was refunded, no longer asked to pay.
    const before = (await lim.received()).length;
    await lim.say('I have paid');
    await until(async () => (await lim.received()).length > before, 'an answer to "I have paid"');
    const answer = (await lim.received()).slice(before);
    expect(answer).toMatch(/has been refunded/);
    expect(answer).not.toMatch(/sandbox\/pay\//);
  });

  it('is closed to anyone without the admin token', async () => {
    for (const [method, path, body] of [
      ['GET', '/payments/attention', undefined],
      ['POST', '/payments/KH-JPJ-ROADTAX-00000000/retry', {}],
      ['POST', '/payments/KH-JPJ-ROADTAX-00000000/resolve', { outcome: 'refunded', note: 'x' }],
    ] as const) {
      expect((await admin(method, path, body, null)).status, `${method} ${path}`).toBe(401);
      expect((await admin(method, path, body, 'wrong-token-wrong-token')).status, `${method} ${path}`).toBe(401);
    }
    const page = await fetch(`${bot.base}/admin/payments`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
    const asOperator = await fetch(`${bot.base}/admin/payments`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(asOperator.status).toBe(200);
    expect(await asOperator.text()).toContain('/admin/static/payments.js');
  });
});
