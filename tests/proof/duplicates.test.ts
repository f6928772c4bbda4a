import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { signPaymentCallback } from '../../src/agencies/payments';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { FakeTelegramApi } from '../channels/fakes/telegramApi';
import { FakeWhatsAppApi } from '../channels/fakes/whatsappApi';
import { httpCitizen, SANDBOX_TODAY, waitFor } from './support/citizen';

/**
 * Nothing is done twice: a redelivered Bot Framework activity, Telegram update or WhatsApp message,
 * and a payment callback the gateway repeats (also all at once), each processed once — observed
 * where it matters, in the SMS outbox (one OTP) and the agency ledger (one transaction). And two
 * messages of one conversation that arrive together are handled in the order they were sent.
 */
const TG_TOKEN = '123456:proof-token';
const TG_SECRET = 'proof-telegram-secret';
const WA_PHONE_ID = '109876543210';
const WA_TOKEN = 'EAAG-proof-access-token';
const WA_SECRET = 'proof-app-secret';
const AMINAH = { ic: '850412-10-5566', phone: '+60123456789' };

let app: Khidmat;
let base: string;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;

beforeAll(async () => {
  telegram = await FakeTelegramApi.start(TG_TOKEN);
  whatsapp = await FakeWhatsAppApi.start(WA_PHONE_ID, WA_TOKEN);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    SANDBOX_TODAY,
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    TELEGRAM_API_URL: telegram.url,
    WHATSAPP_ACCESS_TOKEN: WA_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: WA_PHONE_ID,
    WHATSAPP_APP_SECRET: WA_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'proof-verify',
    WHATSAPP_API_URL: whatsapp.url,
  });
  app = await startKhidmat(config, { port: 0, logger: createLogger({ level: 'silent' }) });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app.close();
  await telegram.close();
  await whatsapp.close();
});
beforeEach(() => app.sandbox!.reset());

const smsToAminah = () => app.sandbox!.sms(AMINAH.phone).length;
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('redeliveries are processed once', () => {
  it('Bot Framework: the same activity id three times at once sends one OTP and replies once', async () => {
    const citizen = httpCitizen({ bot: () => base, sandbox: base, phone: AMINAH.phone });
    const id = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => citizen.send('nak renew roadtax WXY 1234, ic 850412-10-5566', id)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.text.includes('kod 6 digit'))).toHaveLength(1);
    expect(results.filter((r) => r.body.activities.length === 0)).toHaveLength(2);
    expect(smsToAminah()).toBe(1);
    // And later, a late redelivery of the same id is still a no-op.
    expect((await citizen.send('nak renew roadtax WXY 1234, ic 850412-10-5566', id)).body.activities).toEqual([]);
    expect(smsToAminah()).toBe(1);
  });

  it('Telegram: a redelivered update_id is processed once', async () => {
    const chatId = 700_000 + Math.floor(Math.random() * 1000);
    const update = {
      update_id: 9_000_001,
      message: { message_id: 1, from: { id: chatId, is_bot: false, first_name: 'Aminah' }, chat: { id: chatId, type: 'private' }, date: Math.floor(Date.now() / 1000), text: 'nak renew roadtax WXY 1234, ic 850412-10-5566' },
    };
    const post = () =>
      fetch(`${base}/api/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET }, body: JSON.stringify(update) }).then((r) => r.status);
    expect(await Promise.all([post(), post()])).toEqual([200, 200]);
    await waitFor('the OTP prompt on Telegram', async () => telegram.textsTo(chatId).some((text) => text.includes('kod 6 digit')));
    expect(await post()).toBe(200);
    await settle();
    expect(telegram.textsTo(chatId).filter((text) => text.includes('kod 6 digit'))).toHaveLength(1);
    expect(smsToAminah()).toBe(1);
  });

  it('WhatsApp: a redelivered message id is processed once', async () => {
    const waId = '60123456789';
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '60300000000', phone_number_id: WA_PHONE_ID }, contacts: [{ profile: { name: 'Aminah' }, wa_id: waId }], messages: [{ from: waId, id: `wamid.proof-${randomUUID()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'renew road tax WXY 1234, IC 850412-10-5566' } }] } }] }],
    });
    const signature = `sha256=${createHmac('sha256', WA_SECRET).update(body).digest('hex')}`;
    const post = () => fetch(`${base}/api/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body }).then((r) => r.status);
    expect(await Promise.all([post(), post()])).toEqual([200, 200]);
    const prompts = () => whatsapp.sentTo(waId).filter((m) => JSON.stringify(m).includes('6-digit code'));
    await waitFor('the OTP prompt on WhatsApp', async () => prompts().length > 0);
    expect(await post()).toBe(200);
    await settle();
    expect(prompts()).toHaveLength(1);
    expect(smsToAminah()).toBe(1);
  });

  it('payment callback: the same signed callback five times at once completes one transaction', async () => {
    const aminah = httpCitizen({ bot: () => base, sandbox: base, phone: AMINAH.phone });
    await aminah.say('renew road tax WXY 1234, IC 850412-10-5566');
    await aminah.otp();
    await aminah.say('12 months');
    await aminah.say('yes');
    expect(await aminah.pay()).toBe(200);
    await app.sandbox!.callbacksIdle();
    const [payment] = app.sandbox!.ledger().payments;
    const callback = JSON.stringify({ paymentId: payment!.paymentId, status: 'PAID', amount: payment!.amount, reference: payment!.reference, bank: 'Maybank2u', at: new Date().toISOString() });
    const replay = () =>
      fetch(`${base}/api/payments/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-payment-signature': signPaymentCallback(callback, app.config.PAYMENT_CALLBACK_SECRET) },
        body: callback,
      }).then((r) => r.status);
    expect(await Promise.all([replay(), replay(), replay(), replay(), replay()])).toEqual([200, 200, 200, 200, 200]);
    const ledger = app.sandbox!.ledger();
    expect(ledger.transactions.filter((t) => t.status === 'COMPLETED')).toHaveLength(1);
    expect(ledger.payments).toHaveLength(1);
  });
});

describe('two messages of one conversation at once', () => {
  it('are handled in the order sent, even when the first one is slow', async () => {
    const aminah = httpCitizen({ bot: () => base, sandbox: base, phone: AMINAH.phone });
    await aminah.say('renew road tax WXY 1234, IC 850412-10-5566');
    await aminah.otp();
    // The quote needs JPJ, which now takes 400 ms: "yes" arrives while "12 months" is still running.
    app.sandbox!.faults.arm('jpj', { kind: 'latency', ms: 400, count: 2 });
    const period = aminah.send('12 months');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const confirm = aminah.send('yes');
    const [quote, link] = await Promise.all([period, confirm]);
    expect(quote.text).toContain('RM90.00');
    expect(link.text).toMatch(/\/sandbox\/pay\//);
    expect(app.sandbox!.ledger().payments).toHaveLength(1);
  });
});
