import { createHmac } from 'node:crypto';
import { TurnContext, type ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { PAYMENT_SETTLED_EVENT, type Turn, type TurnRouter } from '../../src/bot/khidmatBot';
import { withChoices } from '../../src/bot/replies';
import { mountWhatsApp } from '../../src/channels/whatsapp';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { FakeWhatsAppApi } from './fakes/whatsappApi';

const PHONE_ID = '109876543210';
const ACCESS_TOKEN = 'EAAG-test-access-token';
const APP_SECRET = 'app-secret-for-tests';
const VERIFY_TOKEN = 'verify-me-please';
// Longer than a list row's description (72): no WhatsApp widget can show it.
const LONG_LABEL = 'Saya mahu memperbaharui cukai jalan kenderaan saya untuk tempoh dua belas bulan penuh';

let nextNumber = 100000;
let nextMessage = 1;

const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function envelope(value: object, phoneNumberId = PHONE_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '60300000000', phone_number_id: phoneNumberId }, ...value } }] }],
  };
}

/** A citizen on WhatsApp, whose messages reach the webhook signed as Meta signs them. */
function waCitizen(base: string) {
  const waId = `6012${nextNumber++}`;
  const contacts = [{ profile: { name: 'Aminah' }, wa_id: waId }];
  const post = async (payload: object | string, signature?: string | null) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const header = signature === undefined ? sign(body) : signature;
    if (header !== null) headers['x-hub-signature-256'] = header;
    const response = await fetch(`${base}/api/whatsapp`, { method: 'POST', headers, body });
    await response.arrayBuffer();
    return response.status;
  };
  const message = (content: object) => ({ from: waId, id: `wamid.in${nextMessage++}`, timestamp: String(Math.floor(Date.now() / 1000)), ...content });
  const textPayload = (text: string) => envelope({ contacts, messages: [message({ type: 'text', text: { body: text } })] });
  return {
    waId,
    post,
    textPayload,
    say: (text: string) => post(textPayload(text)),
    send: (content: object, phoneNumberId?: string) => post(envelope({ contacts, messages: [message(content)] }, phoneNumberId)),
    tapButton: (id: string, title: string) => post(envelope({ contacts, messages: [message({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } })] })),
    tapRow: (id: string, title: string, description?: string) =>
      post(envelope({ contacts, messages: [message({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } } })] })),
  };
}

async function startWithWhatsApp(fake: FakeWhatsAppApi, router?: TurnRouter): Promise<Khidmat> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_API_URL: fake.url,
  });
  return startKhidmat(config, { channels: [mountWhatsApp], port: 0, logger: createLogger({ level: 'silent' }), router });
}

const textsOf = (messages: any[]) => messages.map((m) => (m.type === 'text' ? m.text.body : m.interactive.body.text)).join('\n');
const rowsOf = (message: any): Array<{ id: string; title: string; description?: string }> => message?.interactive?.action?.sections?.flatMap((s: any) => s.rows) ?? [];

describe('WhatsApp channel with the real bot', () => {
  let fake: FakeWhatsAppApi;
  let app: Khidmat;
  let base: string;
  beforeAll(async () => {
    fake = await FakeWhatsAppApi.start(PHONE_ID, ACCESS_TOKEN);
    app = await startWithWhatsApp(fake);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('answers Meta’s verification challenge only with the right verify token', async () => {
    const url = (params: Record<string, string | undefined>) => `${base}/api/whatsapp?${new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined))}`;
    const ok = await fetch(url({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    for (const params of [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
    ]) {
      const refused = await fetch(url(params));
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain('1158201444');
    }
  });

  it('answers a Malay "hai" with the Malay welcome and the service menu as a list', async () => {
    const citizen = waCitizen(base);
    expect(await citizen.say('hai')).toBe(200);
    const sent = fake.sentTo(citizen.waId);
    expect(textsOf(sent)).toContain('pembantu automatik');
    const menu = sent.find((m) => m.type === 'interactive');
    expect(menu.interactive.type).toBe('list');
    expect(menu.interactive.action.button).toBe('Pilih');
    const rows = rowsOf(menu);
    expect(rows.map((row) => row.title)).toContain('Perbaharui cukai jalan');
    expect(rows.every((row) => row.title.length <= 24)).toBe(true);
    // Every menu label fits a row title whole (the shortening path is covered in whatsapp.outgoing.test.ts).
    expect(rows.map((row) => row.title)).toContain('Status pasport');
    expect(fake.calls.every((call) => call.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
  });

  it('answers an English message in English', async () => {
    const citizen = waCitizen(base);
    await citizen.say('Hello, what can you do for me?');
    const sent = fake.sentTo(citizen.waId);
    expect(textsOf(sent)).toContain('automated assistant');
    const menu = sent.find((m) => m.type === 'interactive');
    expect(menu.interactive.action.button).toBe('Choose');
    expect(rowsOf(menu).map((row) => row.title)).toContain('Renew road tax');
  });

  it.each([
    ['signed with another secret', (body: string) => sign(body, 'not-the-app-secret')],
    ['not signed', () => null],
    ['signed over a different body', (body: string) => sign(body.replace('hai', 'bye'))],
    ['a malformed signature', () => 'sha256=zz'],
    ['a signature without its scheme', (body: string) => sign(body).slice('sha256='.length)],
  ])('refuses a payload %s (401) and sends nothing', async (_name, signature) => {
    const citizen = waCitizen(base);
    const body = JSON.stringify(citizen.textPayload('hai'));
    const callsBefore = fake.calls.length;
    expect(await citizen.post(body, signature(body))).toBe(401);
    expect(fake.calls.length).toBe(callsBefore);
  });

  it('handles a redelivered message once', async () => {
    const citizen = waCitizen(base);
    const payload = citizen.textPayload('hai');
    expect(await citizen.post(payload)).toBe(200);
    const afterFirst = fake.sentTo(citizen.waId).length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(await citizen.post(payload)).toBe(200);
    expect(fake.sentTo(citizen.waId).length).toBe(afterFirst);
  });

  it('takes a tapped list row as the citizen’s choice, in the same conversation', async () => {
    const citizen = waCitizen(base);
    await citizen.say('hai');
    const row = rowsOf(fake.sentTo(citizen.waId).find((m) => m.type === 'interactive')).find((r) => r.title === 'Perbaharui cukai jalan')!;
    const before = fake.sentTo(citizen.waId).length;
    expect(await citizen.tapRow(row.id, row.title)).toBe(200);
    const replies = fake.sentTo(citizen.waId).slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(textsOf(replies)).not.toContain('pembantu automatik');
  });

  it('accepts delivery statuses quietly', async () => {
    const citizen = waCitizen(base);
    const callsBefore = fake.calls.length;
    const statuses = envelope({ statuses: [{ id: 'wamid.out1', status: 'delivered', timestamp: '1700000000', recipient_id: citizen.waId }] });
    expect(await citizen.post(statuses)).toBe(200);
    expect(fake.calls.length).toBe(callsBefore);
  });

  it('acknowledges, and ignores, payloads for another phone number or another product', async () => {
    const citizen = waCitizen(base);
    expect(await citizen.send({ type: 'text', text: { body: 'hai' } }, '999999')).toBe(200);
    expect(await citizen.post({ object: 'page', entry: [] })).toBe(200);
    expect(fake.sentTo(citizen.waId)).toEqual([]);
  });

  it('explains that it reads text only when sent an image', async () => {
    const citizen = waCitizen(base);
    await citizen.send({ type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg' } });
    expect(textsOf(fake.sentTo(citizen.waId))).toContain('hanya boleh membaca mesej teks');
  });

  it('retries through a short outage of the Graph API (503 twice) and the message arrives', async () => {
    const citizen = waCitizen(base);
    fake.failNext(2, 503);
    expect(await citizen.say('hai')).toBe(200);
    const attempts = fake.calls.filter((call) => call.body?.to === citizen.waId);
    expect(attempts.slice(0, 3).map((call) => call.status)).toEqual([503, 503, 200]);
    expect(textsOf(fake.sentTo(citizen.waId))).toContain('pembantu automatik');
  });

  it('survives a permanent outage: the webhook still answers 200, and the next message after recovery goes through', async () => {
    const citizen = waCitizen(base);
    fake.down = 500;
    try {
      expect(await citizen.say('hai')).toBe(200);
      expect(fake.calls.filter((call) => call.body?.to === citizen.waId)).toHaveLength(4);
    } finally {
      fake.down = undefined;
    }
    await citizen.say('menu');
    expect(fake.sentTo(citizen.waId).some((m) => m.type === 'interactive')).toBe(true);
  });
});

/** A stand-in for the service router: echoes what it got, offers choices, fails on request, sends a receipt. */
class EchoRouter implements TurnRouter {
  readonly references = new Map<string, Partial<ConversationReference>>();
  async route(turn: Turn): Promise<void> {
    const { context, text } = turn;
    if (turn.paymentRef !== undefined) {
      await context.sendActivity(`Resit ${turn.paymentRef}: pasport diperbaharui.`);
      return;
    }
    this.references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
    if (text === 'boom') throw new Error('router failed');
    if (text === 'yatidak') return void (await context.sendActivity(withChoices('Teruskan pembayaran?', ['Ya', 'Tidak'])));
    if (text === 'pilihan') return void (await context.sendActivity(withChoices('Pilih satu:', [LONG_LABEL, 'Ya'])));
    if (text === 'banyak') return void (await context.sendActivity(withChoices('Pilih cawangan:', Array.from({ length: 11 }, (_, i) => `Cawangan ${i + 1}`))));
    if (text === 'panjang') {
      return void (await context.sendActivity(Array.from({ length: 300 }, (_, i) => `Baris ${i + 1}: maklumat penting tentang pasport.`).join('\n')));
    }
    await context.sendActivity(`Anda kata: ${text}`);
  }
}

describe('WhatsApp channel plumbing (a stand-in router)', () => {
  let fake: FakeWhatsAppApi;
  let app: Khidmat;
  let base: string;
  const router = new EchoRouter();
  beforeAll(async () => {
    fake = await FakeWhatsAppApi.start(PHONE_ID, ACCESS_TOKEN);
    app = await startWithWhatsApp(fake, router);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  const lastText = (waId: string) => {
    const last = fake.sentTo(waId).at(-1);
    return last.type === 'text' ? last.text.body : last.interactive.body.text;
  };

  it('offers two short choices as reply buttons and takes a tapped button as the choice', async () => {
    const citizen = waCitizen(base);
    await citizen.say('yatidak');
    const offer = fake.sentTo(citizen.waId).at(-1);
    expect(offer.interactive.type).toBe('button');
    expect(offer.interactive.body.text).toBe('Teruskan pembayaran?');
    const buttons = offer.interactive.action.buttons.map((b: any) => b.reply);
    expect(buttons.map((b: any) => b.title)).toEqual(['Ya', 'Tidak']);
    await citizen.tapButton(buttons[1].id, buttons[1].title);
    expect(lastText(citizen.waId)).toBe('Anda kata: Tidak');
  });

  it('writes choices that fit neither buttons nor a list as a numbered list, and understands a number reply', async () => {
    const citizen = waCitizen(base);
    await citizen.say('pilihan');
    expect(lastText(citizen.waId)).toBe(`Pilih satu:\n\n1. ${LONG_LABEL}\n2. Ya\n\nBalas dengan nombor pilihan anda.`);
    await citizen.say('1');
    expect(lastText(citizen.waId)).toBe(`Anda kata: ${LONG_LABEL}`);
    // The list is gone once the bot has moved on: a number is a number again.
    await citizen.say('1');
    expect(lastText(citizen.waId)).toBe('Anda kata: 1');
  });

  it('writes eleven choices as a numbered list (a list holds ten)', async () => {
    const citizen = waCitizen(base);
    await citizen.say('banyak');
    const text = lastText(citizen.waId);
    expect(text).toContain('11. Cawangan 11');
    await citizen.say('11');
    expect(lastText(citizen.waId)).toBe('Anda kata: Cawangan 11');
  });

  it('splits a text over 4096 characters, losing nothing', async () => {
    const citizen = waCitizen(base);
    await citizen.say('panjang');
    const pieces = fake.sentTo(citizen.waId).filter((m) => m.type === 'text' && m.text.body.startsWith('Baris')).map((m) => m.text.body);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('\n').split('\n')).toHaveLength(300);
  });

  it('apologises when the bot fails, and still answers the webhook 200', async () => {
    const citizen = waCitizen(base);
    await citizen.say('hai');
    expect(await citizen.say('boom')).toBe(200);
    expect(lastText(citizen.waId)).toContain('Maaf, ada masalah teknikal');
  });

  it('delivers a proactive message (the receipt after payment) through the Graph API', async () => {
    const citizen = waCitizen(base);
    await citizen.say('hai');
    const reference = router.references.get(citizen.waId)!;
    expect(reference.channelId).toBe('whatsapp');
    await app.proactive.sendEvent(JSON.parse(JSON.stringify(reference)), PAYMENT_SETTLED_EVENT, { ref: 'JIM-77' });
    expect(lastText(citizen.waId)).toBe('Resit JIM-77: pasport diperbaharui.');
  });
});

describe('WhatsApp channel off', () => {
  it('mounts nothing without the WHATSAPP_* credentials', async () => {
    const app = await startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), { channels: [mountWhatsApp], port: 0, logger: createLogger({ level: 'silent' }) });
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/api/whatsapp?hub.mode=subscribe`);
      expect(response.status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
