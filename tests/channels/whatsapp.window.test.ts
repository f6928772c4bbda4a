import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { hashedId } from '../../src/state/hashedId';
import { createWhatsAppMount } from '../../src/channels/whatsapp';
import { ConfigError, loadConfig } from '../../src/config';
import { t } from '../../src/i18n/catalog';
import { createLogger } from '../../src/observability/logger';
import { FakeWhatsAppApi } from './fakes/whatsappApi';

/**
 * The 24-hour customer service window on WhatsApp, with the real bot and the handoff desk: an
 * officer's reply (and the "back to Khidmat" notice) outside the window becomes one template notice;
 * the citizen's answer brings what they are owed first, then the answer to what they wrote.
 */

const PHONE_ID = '109876543299';
const ACCESS_TOKEN = 'EAAG-window-test-token';
const APP_SECRET = 'app-secret-for-window-tests';
const ADMIN_TOKEN = 'operator-token-window-0123';
const TEMPLATE = 'khidmat_update';
const HOUR = 60 * 60 * 1000;
// Short waits: the outage test below would otherwise sit out the default backoff.
const FAST_RETRY = { attempts: 2, baseMs: 1, maxMs: 1, maxRetryAfterMs: 0, timeoutMs: 2000, budgetMs: 4000 };

let nextNumber = 300000;
let nextMessage = 1;

/** The clock of the WhatsApp channel's window; the rest of the app keeps real time. */
const clock = { now: Date.now() };

const sign = (body: string) => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

async function start(fake: FakeWhatsAppApi, env: Record<string, string> = {}, logger = createLogger({ level: 'silent' })): Promise<Khidmat> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    ADMIN_TOKEN,
    OFFICE_HOURS: 'Mon-Sun 00:00-24:00',
    WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify-window',
    WHATSAPP_API_URL: fake.url,
    ...env,
  });
  return startKhidmat(config, { channels: [createWhatsAppMount({ now: () => clock.now, retry: FAST_RETRY })], port: 0, logger });
}

/** A citizen on WhatsApp; their messages carry the window clock's time, as WhatsApp stamps them. */
function waCitizen(app: Khidmat) {
  const waId = `6013${nextNumber++}`;
  const say = async (text: string, sentAt = clock.now) => {
    const message = { from: waId, id: `wamid.win${nextMessage++}`, timestamp: String(Math.floor(sentAt / 1000)), type: 'text', text: { body: text } };
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '60300000000', phone_number_id: PHONE_ID }, contacts: [{ profile: { name: 'Aminah' }, wa_id: waId }], messages: [message] } }] }],
    });
    const response = await fetch(`${app.publicUrl}/api/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, body });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
  };
  return { waId, say };
}

/** One change of Meta's webhook (statuses, messages…); returns the HTTP status of our answer. */
async function postChange(app: Khidmat, value: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '60300000000', phone_number_id: PHONE_ID }, ...value } }] }],
  });
  const response = await fetch(`${app.publicUrl}/api/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, body });
  await response.arrayBuffer();
  return response.status;
}

/** Delivery statuses as Meta's webhook sends them. */
const postStatuses = (app: Khidmat, statuses: unknown[]) => postChange(app, { statuses });

/** The officer at the handoff console (/admin/api). */
function officer(app: Khidmat) {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${app.publicUrl}/admin/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  return {
    /** Takes the citizen's waiting conversation; returns the handoff id. */
    takeFrom: async (waId: string) => {
      const handoff = await app.handoffs.forConversation(`whatsapp:${waId}`);
      expect(handoff?.status).toBe('waiting');
      await call(`/handoffs/${handoff!.id}/take`, { officer: 'Pn. Salmah' });
      return handoff!.id;
    },
    say: (id: string, text: string) => call(`/handoffs/${id}/messages`, { text }),
    release: (id: string) => call(`/handoffs/${id}/release`),
  };
}

const textOf = (message: any): string => (message.type === 'text' ? message.text.body : message.type === 'interactive' ? message.interactive.body.text : `[template ${message.template.name}]`);

function expectOneNotice(messages: any[], lang: 'ms' | 'en') {
  expect(messages).toHaveLength(1);
  expect(messages[0]).toEqual({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: expect.any(String),
    type: 'template',
    template: { name: TEMPLATE, language: { policy: 'deterministic', code: lang }, components: [{ type: 'body', parameters: [{ type: 'text', text: t(lang, 'whatsapp.updateWaiting') }] }] },
  });
}

describe('WhatsApp outside the 24-hour customer service window (template configured)', () => {
  let fake: FakeWhatsAppApi;
  let app: Khidmat;
  beforeAll(async () => {
    fake = await FakeWhatsAppApi.start(PHONE_ID, ACCESS_TOKEN);
    app = await start(fake, { WHATSAPP_TEMPLATE_NAME: TEMPLATE });
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('after 25 hours an officer’s replies and the release notice become one template; the citizen’s answer gets them first, in order', async () => {
    const citizen = waCitizen(app);
    const desk = officer(app);
    await citizen.say('saya nak cakap dengan pegawai');
    expect(fake.sentTo(citizen.waId).map(textOf).join('\n')).toMatch(/dalam giliran/);
    const handoff = await desk.takeFrom(citizen.waId);

    clock.now += 25 * HOUR;
    const callsBefore = fake.calls.filter((call) => call.body?.to === citizen.waId).length;
    await desk.say(handoff, 'Permohonan anda telah diluluskan.');
    await desk.say(handoff, 'Sila ambil pasport anda di kaunter Putrajaya.');
    await desk.release(handoff);

    // One call in all: the notice. No free-form message was even tried.
    const calls = fake.calls.filter((call) => call.body?.to === citizen.waId).slice(callsBefore);
    expect(calls.map((call) => call.status)).toEqual([200]);
    expectOneNotice(calls.map((call) => call.body), 'ms');

    const before = fake.sentTo(citizen.waId).length;
    await citizen.say('ok');
    const after = fake.sentTo(citizen.waId).slice(before);
    expect(after.map(textOf).slice(0, 3)).toEqual([
      'Pegawai: Permohonan anda telah diluluskan.',
      'Pegawai: Sila ambil pasport anda di kaunter Putrajaya.',
      expect.stringContaining(t('ms', 'handoff.released')),
    ]);
    // The release notice keeps its service menu, as a list the citizen can tap.
    expect(after[2].type).toBe('interactive');
    // Then the bot's answer to "ok", and no second notice.
    expect(after.length).toBeGreaterThan(3);
    expect(after.filter((message) => message.type === 'template')).toEqual([]);

    // Kept messages are sent once: the next message brings only its own answer.
    const again = fake.sentTo(citizen.waId).length;
    await citizen.say('terima kasih');
    expect(fake.sentTo(citizen.waId).slice(again).map(textOf).join('\n')).not.toContain('Pegawai:');
  });

  it('a reply to the citizen’s own recent message needs no window lookup; an officer’s message later does', async () => {
    const citizen = waCitizen(app);
    const windowReads = () => reads.mock.calls.filter(([key]) => String(key).startsWith('whatsapp:window:')).length;
    const reads = vi.spyOn(app.backend.kv, 'get');
    try {
      await citizen.say('hai');
      expect(windowReads()).toBe(1); // recording that they wrote; the reply itself looks nothing up
      const desk = officer(app);
      await citizen.say('saya nak cakap dengan pegawai');
      const handoff = await desk.takeFrom(citizen.waId);
      const before = windowReads();
      await desk.say(handoff, 'Sebentar ya.');
      expect(windowReads()).toBe(before + 1);
      await desk.release(handoff);
    } finally {
      reads.mockRestore();
    }
  });

  it('within 24 hours the officer’s reply goes out free-form, as before', async () => {
    const citizen = waCitizen(app);
    const desk = officer(app);
    await citizen.say('saya nak cakap dengan pegawai');
    const handoff = await desk.takeFrom(citizen.waId);

    clock.now += 23 * HOUR;
    const before = fake.sentTo(citizen.waId).length;
    await desk.say(handoff, 'Saya sedang menyemak permohonan anda.');
    expect(fake.sentTo(citizen.waId).slice(before)).toEqual([expect.objectContaining({ type: 'text', text: { body: 'Pegawai: Saya sedang menyemak permohonan anda.', preview_url: false } })]);
    expect(fake.templatesTo(citizen.waId)).toEqual([]);
    await desk.release(handoff);
  });

  it('when Meta refuses a free-form reply with 131047 anyway, it becomes the notice and is kept (English citizen)', async () => {
    const citizen = waCitizen(app);
    const desk = officer(app);
    await citizen.say('I want to talk to a human officer please');
    expect(fake.sentTo(citizen.waId).map(textOf).join('\n')).toMatch(/in the queue/);
    const handoff = await desk.takeFrom(citizen.waId);

    // Our clock says 2 hours; Meta's says the window has closed.
    clock.now += 2 * HOUR;
    fake.windowClosed.add(citizen.waId);
    const before = fake.sentTo(citizen.waId).length;
    const callsBefore = fake.calls.filter((call) => call.body?.to === citizen.waId).length;
    await desk.say(handoff, 'Your renewal has been approved.');
    await desk.say(handoff, 'Please collect your passport at the counter.');
    await desk.release(handoff);

    const calls = fake.calls.filter((call) => call.body?.to === citizen.waId).slice(callsBefore);
    // The free-form attempt is refused (400, 131047) and not retried; the notice goes out once.
    expect(calls[0]).toMatchObject({ status: 400, body: { type: 'text', text: { body: 'Officer: Your renewal has been approved.' } } });
    expect(calls.filter((call) => call.status === 400).every((call) => call.body.type !== 'template')).toBe(true);
    expectOneNotice(fake.sentTo(citizen.waId).slice(before), 'en');

    // The citizen answers; Meta opens the window again.
    fake.windowClosed.delete(citizen.waId);
    const noticeAt = fake.sentTo(citizen.waId).length;
    await citizen.say('thanks, what now?');
    const after = fake.sentTo(citizen.waId).slice(noticeAt);
    expect(after.map(textOf).slice(0, 3)).toEqual([
      'Officer: Your renewal has been approved.',
      'Officer: Please collect your passport at the counter.',
      expect.stringContaining(t('en', 'handoff.released')),
    ]);
    expect(after.length).toBeGreaterThan(3);
  });

  /** A citizen with an officer, two hours after they last wrote; Meta accepts the officer's `text` (the call holds its wamid). */
  async function officerMessageAccepted(opening: string, text: string) {
    const citizen = waCitizen(app);
    const desk = officer(app);
    await citizen.say(opening);
    const handoff = await desk.takeFrom(citizen.waId);
    clock.now += 2 * HOUR;
    const callsBefore = fake.calls.length;
    await desk.say(handoff, text);
    const accepted = fake.calls.slice(callsBefore).find((call) => call.body?.to === citizen.waId && call.status === 200)!;
    return { citizen, desk, handoff, accepted };
  }

  /** Meta's status for a message it accepted and then did not deliver: by its clock the window had closed. */
  const refusal = (wamid: string | undefined, waId: string, atSeconds = Math.floor(clock.now / 1000)) => ({
    id: wamid,
    status: 'failed',
    timestamp: String(atSeconds),
    recipient_id: waId,
    errors: [{ code: 131047, title: 'Re-engagement message' }],
  });

  it('when Meta accepts a reply and then reports it undelivered (status "failed", 131047), it is kept with the notice; a repeated status changes nothing', async () => {
    const { citizen, desk, handoff, accepted } = await officerMessageAccepted('saya nak cakap dengan pegawai', 'Permohonan anda telah diluluskan.');
    expect(accepted.body.text.body).toBe('Pegawai: Permohonan anda telah diluluskan.');
    expect(fake.templatesTo(citizen.waId)).toEqual([]);

    // Minutes later Meta's status webhook: by its clock the window had closed.
    const failed = refusal(accepted.id, citizen.waId);
    const noticeFrom = fake.sentTo(citizen.waId).length;
    expect(await postStatuses(app, [{ id: 'wamid.other', status: 'delivered', recipient_id: citizen.waId }, failed])).toBe(200);
    expectOneNotice(fake.sentTo(citizen.waId).slice(noticeFrom), 'ms');
    // Meta delivers webhooks at least once: the same status again keeps nothing twice, sends no second notice.
    expect(await postStatuses(app, [failed])).toBe(200);
    expect(fake.templatesTo(citizen.waId)).toHaveLength(1);

    // The citizen answers: the refused message comes first, once.
    const before = fake.sentTo(citizen.waId).length;
    await citizen.say('ok terima kasih');
    const after = fake.sentTo(citizen.waId).slice(before).map(textOf);
    expect(after[0]).toBe('Pegawai: Permohonan anda telah diluluskan.');
    expect(after.filter((text) => text.includes('diluluskan'))).toHaveLength(1);
    await desk.release(handoff);
  });

  it('a message Meta reports delivered is no longer remembered', async () => {
    const { citizen, desk, handoff, accepted } = await officerMessageAccepted('saya nak cakap dengan pegawai', 'Dokumen anda diterima.');
    const remembered = () => app.backend.kv.keys(`whatsapp:sent:${hashedId(citizen.waId)}:`);
    expect(await remembered()).toHaveLength(1);
    expect(await postStatuses(app, [{ id: accepted.id, status: 'delivered', timestamp: String(Math.floor(clock.now / 1000)), recipient_id: citizen.waId }])).toBe(200);
    expect(await remembered()).toEqual([]);
    await desk.release(handoff);
  });

  it('a refusal and a message from the citizen in one delivery: no notice, the refused message first, then the answer', async () => {
    const { citizen, desk, handoff, accepted } = await officerMessageAccepted('I want to talk to a human officer please', 'Your licence is ready.');
    await desk.release(handoff);

    const before = fake.sentTo(citizen.waId).length;
    const message = { from: citizen.waId, id: `wamid.win${nextMessage++}`, timestamp: String(Math.floor(clock.now / 1000)), type: 'text', text: { body: 'hello?' } };
    const failed = refusal(accepted.id, citizen.waId, Math.floor(clock.now / 1000) - 5);
    expect(await postChange(app, { statuses: [failed], messages: [message], contacts: [{ wa_id: citizen.waId, profile: { name: 'Aminah' } }] })).toBe(200);
    const after = fake.sentTo(citizen.waId).slice(before);
    expect(after.filter((sent) => sent.type === 'template')).toEqual([]);
    expect(textOf(after[0])).toBe('Officer: Your licence is ready.');
    expect(after.length).toBeGreaterThan(1);
  });

  it('a refusal reported after the citizen has written again is sent again at once, with no notice', async () => {
    const { citizen, desk, handoff, accepted } = await officerMessageAccepted('saya nak cakap dengan pegawai', 'Sila bawa MyKad anda.');
    const failed = refusal(accepted.id, citizen.waId);
    clock.now += 60_000;
    await citizen.say('baik');

    const before = fake.sentTo(citizen.waId).length;
    expect(await postStatuses(app, [failed])).toBe(200);
    expect(fake.sentTo(citizen.waId).slice(before).map(textOf)).toEqual(['Pegawai: Sila bawa MyKad anda.']);
    expect(fake.templatesTo(citizen.waId)).toEqual([]);
    await desk.release(handoff);
  });

  it('a refusal that cannot be kept yet (store down) is answered 503, and kept once when Meta sends it again', async () => {
    const { citizen, desk, handoff, accepted } = await officerMessageAccepted('saya nak cakap dengan pegawai', 'Mesej penting.');
    const failed = refusal(accepted.id, citizen.waId);

    const set = app.backend.kv.set.bind(app.backend.kv);
    const broken = vi.spyOn(app.backend.kv, 'set').mockImplementation(async (key, value, ttl) => {
      if (key.startsWith('whatsapp:held:')) throw new Error('store down');
      return set(key, value, ttl);
    });
    try {
      expect(await postStatuses(app, [failed])).toBe(503);
    } finally {
      broken.mockRestore();
    }
    expect(await postStatuses(app, [failed])).toBe(200);
    expect(await postStatuses(app, [failed])).toBe(200);
    expect(fake.templatesTo(citizen.waId)).toHaveLength(1);
    await desk.release(handoff);

    const before = fake.sentTo(citizen.waId).length;
    await citizen.say('ya');
    const after = fake.sentTo(citizen.waId).slice(before).map(textOf);
    expect(after.filter((text) => text === 'Pegawai: Mesej penting.')).toHaveLength(1);
    expect(after[0]).toBe('Pegawai: Mesej penting.');
  });

  it('a failed status for a message it does not know, or for another reason than the window, sends nothing', async () => {
    const citizen = waCitizen(app);
    await citizen.say('hai');
    // The answer to what they wrote a moment ago is not remembered: Meta cannot refuse it later.
    expect(await app.backend.kv.keys(`whatsapp:sent:${hashedId(citizen.waId)}:`)).toEqual([]);
    const sent = fake.sentTo(citizen.waId).length;
    expect(
      await postStatuses(app, [
        refusal('wamid.unknown', citizen.waId),
        { id: fake.calls.at(-1)!.id, status: 'failed', recipient_id: citizen.waId, errors: [{ code: 131026, title: 'Message undeliverable' }] },
        { status: 'failed' },
        'not a status',
      ]),
    ).toBe(200);
    expect(fake.sentTo(citizen.waId)).toHaveLength(sent);
  });

  it('a message WhatsApp received more than 24 hours ago (a late redelivery) does not open the window', async () => {
    const citizen = waCitizen(app);
    await citizen.say('hai', clock.now - 25 * HOUR);
    // The answer to it is kept behind a notice rather than refused by Meta.
    expectOneNotice(fake.sentTo(citizen.waId), 'ms');
    await citizen.say('hai');
    const sent = fake.sentTo(citizen.waId).map(textOf);
    // The kept welcome first (it opens with who Khidmat is), then the answer to the second "hai".
    expect(sent[1]).toContain('pembantu automatik');
    expect(sent.slice(2).join('\n')).not.toContain('pembantu automatik');
    expect(fake.templatesTo(citizen.waId)).toHaveLength(1);
  });

  it('when the notice itself cannot be sent (Graph API down) the replies stay kept, and the next one tries the notice again', async () => {
    const citizen = waCitizen(app);
    const desk = officer(app);
    await citizen.say('saya nak cakap dengan pegawai');
    const handoff = await desk.takeFrom(citizen.waId);
    clock.now += 25 * HOUR;

    fake.down = 500;
    try {
      await desk.say(handoff, 'Mesej pertama.');
    } finally {
      fake.down = undefined;
    }
    expect(fake.sentTo(citizen.waId).filter((message) => message.type === 'template')).toEqual([]);
    await desk.say(handoff, 'Mesej kedua.');
    expect(fake.templatesTo(citizen.waId)).toHaveLength(1);
    await desk.release(handoff);
    expect(fake.templatesTo(citizen.waId)).toHaveLength(1);

    const before = fake.sentTo(citizen.waId).length;
    await citizen.say('ya');
    expect(fake.sentTo(citizen.waId).slice(before).map(textOf).slice(0, 2)).toEqual(['Pegawai: Mesej pertama.', 'Pegawai: Mesej kedua.']);
  });

  it('a send failing half-way keeps exactly what is left: nothing lost, nothing sent twice', async () => {
    const citizen = waCitizen(app);
    const desk = officer(app);
    await citizen.say('saya nak cakap dengan pegawai');
    const handoff = await desk.takeFrom(citizen.waId);
    clock.now += 25 * HOUR;
    for (const text of ['Satu.', 'Dua.', 'Tiga.']) await desk.say(handoff, text);
    expect(fake.templatesTo(citizen.waId)).toHaveLength(1);

    // While "Dua." is on its way, the store already holds only what is still to send: a crash now
    // would lose nothing and repeat nothing.
    let heldMidway: string | null | undefined;
    fake.beforeAnswer = async (call) => {
      if (call.body?.text?.body !== 'Pegawai: Dua.' || heldMidway !== undefined) return;
      heldMidway = await app.backend.kv.get(`whatsapp:held:${hashedId(citizen.waId)}`);
    };
    // The citizen writes: the first kept message goes out, then the Graph API fails for a while.
    fake.planCalls([0, ...Array.from({ length: 20 }, () => 500)]);
    await citizen.say('ya');
    fake.clearPlannedFailures();
    fake.beforeAnswer = undefined;
    expect(heldMidway).toContain('Pegawai: Dua.');
    expect(heldMidway).toContain('Pegawai: Tiga.');
    expect(heldMidway).not.toContain('Pegawai: Satu.');
    const delivered = () => fake.sentTo(citizen.waId).map(textOf);
    expect(delivered().filter((text) => text === 'Pegawai: Satu.')).toHaveLength(1);
    expect(delivered()).not.toContain('Pegawai: Dua.');

    await citizen.say('ok');
    const all = delivered();
    expect(all.filter((text) => text === 'Pegawai: Satu.')).toHaveLength(1);
    expect(all.filter((text) => text === 'Pegawai: Dua.')).toHaveLength(1);
    expect(all.filter((text) => text === 'Pegawai: Tiga.')).toHaveLength(1);
    expect(all.indexOf('Pegawai: Dua.')).toBeLessThan(all.indexOf('Pegawai: Tiga.'));
  });
});

describe('WhatsApp outside the window without WHATSAPP_TEMPLATE_NAME', () => {
  const lines: string[] = [];
  let fake: FakeWhatsAppApi;
  let app: Khidmat;
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    fake = await FakeWhatsAppApi.start(PHONE_ID, ACCESS_TOKEN);
    app = await start(fake, {}, createLogger({ level: 'info', destination }));
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('sends nothing, keeps the replies, warns once (without the number), and delivers them on the next message', async () => {
    const desk = officer(app);
    const citizens = [waCitizen(app), waCitizen(app)];
    const handoffs: string[] = [];
    for (const citizen of citizens) {
      await citizen.say('saya nak cakap dengan pegawai');
      handoffs.push(await desk.takeFrom(citizen.waId));
    }
    clock.now += 30 * HOUR;
    const callsBefore = fake.calls.length;
    for (const handoff of handoffs) {
      await desk.say(handoff, 'Dokumen anda sudah lengkap.');
      await desk.release(handoff);
    }
    expect(fake.calls.length).toBe(callsBefore);

    const warnings = lines.filter((line) => line.includes('WHATSAPP_TEMPLATE_NAME'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!).level).toBe(40);
    for (const citizen of citizens) expect(lines.join('\n')).not.toContain(citizen.waId);

    for (const citizen of citizens) {
      const before = fake.sentTo(citizen.waId).length;
      await citizen.say('ok');
      const after = fake.sentTo(citizen.waId).slice(before);
      expect(after.map(textOf).slice(0, 2)).toEqual(['Pegawai: Dokumen anda sudah lengkap.', expect.stringContaining(t('ms', 'handoff.released'))]);
      expect(after.length).toBeGreaterThan(2);
      expect(after.some((message) => message.type === 'template')).toBe(false);
    }
  });
});

describe('WHATSAPP_TEMPLATE_NAME', () => {
  it('takes a template name as Meta writes them, and refuses anything else with one line', () => {
    expect(loadConfig({ WHATSAPP_TEMPLATE_NAME: 'khidmat_update_2' }).WHATSAPP_TEMPLATE_NAME).toBe('khidmat_update_2');
    expect(loadConfig({ WHATSAPP_TEMPLATE_NAME: '' }).WHATSAPP_TEMPLATE_NAME).toBeUndefined();
    try {
      loadConfig({ WHATSAPP_TEMPLATE_NAME: 'Khidmat Update' });
      expect.unreachable('a name with capitals and a space must be refused');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^WHATSAPP_TEMPLATE_NAME: expected an approved template name/)]);
    }
  });
});
