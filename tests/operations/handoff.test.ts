import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { mountDirectLine } from '../../src/channels/directline';
import { mountTelegram } from '../../src/channels/telegram';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { FakeTelegramApi } from '../channels/fakes/telegramApi';

const ADMIN_TOKEN = 'operator-token-0123456789';
const TELEGRAM = { TELEGRAM_BOT_TOKEN: '123456789:TEST-token_abc', TELEGRAM_WEBHOOK_SECRET: 'webhook-secret_42' };
const ALWAYS_OPEN = 'Mon-Sun 00:00-24:00';

const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
  for (let i = 0; i < 100; i += 1) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`timed out waiting for ${what}`);
};

async function start(telegram: FakeTelegramApi, officeHours = ALWAYS_OPEN): Promise<Khidmat> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ADMIN_TOKEN, OFFICE_HOURS: officeHours, TELEGRAM_API_URL: telegram.url, ...TELEGRAM });
  return startKhidmat(config, { port: 0, channels: [mountTelegram, mountDirectLine], logger: createLogger({ level: 'silent' }) });
}

function operator(app: Khidmat) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.publicUrl}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as any;
  };
  return {
    queue: async () => (await call('GET', '/handoffs')).handoffs as any[],
    take: (id: string) => call('POST', `/handoffs/${id}/take`, { officer: 'Pn. Salmah' }),
    say: (id: string, text: string) => call('POST', `/handoffs/${id}/messages`, { text }),
    messages: async (id: string) => (await call('GET', `/handoffs/${id}/messages?after=0`)).messages as any[],
    release: (id: string) => call('POST', `/handoffs/${id}/release`),
  };
}

/** A Telegram citizen talking through the webhook; what the bot sends lands in the fake Bot API. */
function telegramCitizen(app: Khidmat, telegram: FakeTelegramApi, chatId: number) {
  let update = chatId * 100;
  return {
    say: async (text: string) => {
      const response = await fetch(`${app.publicUrl}/api/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM.TELEGRAM_WEBHOOK_SECRET },
        body: JSON.stringify({ update_id: (update += 1), message: { message_id: update, from: { id: chatId, is_bot: false, first_name: 'Tan' }, chat: { id: chatId, type: 'private' }, date: 1, text } }),
      });
      expect(response.status).toBe(200);
    },
    /** Every text sent to the chat, with the labels of its inline keyboards. */
    received: () =>
      telegram
        .succeeded('sendMessage', chatId)
        .map((body) => [body.text, ...((body.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string }>>).flat().map((button) => button.text)].join('\n'))
        .join('\n'),
  };
}

/** A web chat citizen on the self-hosted Direct Line. */
async function webCitizen(app: Khidmat) {
  const api = `${app.publicUrl}/v3/directline`;
  const { token } = (await (await fetch(`${api}/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const conversation = (await (await fetch(`${api}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { conversationId: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    say: async (text: string) => {
      const response = await fetch(`${api}/conversations/${conversation.conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, from: { id: 'me' } }) });
      expect(response.status).toBe(200);
    },
    received: async () => {
      const history = (await (await fetch(`${api}/conversations/${conversation.conversationId}/activities`, { headers })).json()) as { activities: Array<{ from: { role?: string; id: string }; text?: string }> };
      return history.activities.map((activity) => activity.text ?? '').join('\n');
    },
  };
}

let telegram: FakeTelegramApi;
let app: Khidmat;
beforeAll(async () => {
  telegram = await FakeTelegramApi.start(TELEGRAM.TELEGRAM_BOT_TOKEN);
  app = await start(telegram);
});
afterAll(async () => {
  await app.close();
  await telegram.close();
});

describe('handoff to an officer, on two channels', () => {
  it('Telegram and web chat citizens queue, an officer takes each, they talk both ways, and the bot gets them back', async () => {
    const officer = operator(app);
    const tan = telegramCitizen(app, telegram, 7001);
    const web = await webCitizen(app);

    await tan.say('saya nak cakap dengan pegawai');
    expect(tan.received()).toMatch(/nombor 1 dalam giliran/);
    await web.say('I want to talk to a human officer please');
    expect(await web.received()).toMatch(/number 2 in the queue/);

    const queue = await officer.queue();
    expect(queue.map((h) => [h.channel, h.status, h.lang])).toEqual([
      ['telegram', 'waiting', 'ms'],
      ['webchat', 'waiting', 'en'],
    ]);
    const [tanHandoff, webHandoff] = queue;
    // What the citizen typed while waiting reaches the officer; the bot does not answer it as a service.
    await tan.say('saman saya B1 tu dah bayar ke belum?');
    expect(tan.received()).toMatch(/masih dalam giliran/);

    for (const handoff of [tanHandoff, webHandoff]) await officer.take(handoff.id);
    // A second officer cannot take a conversation someone already has.
    const clash = await fetch(`${app.publicUrl}/admin/api/handoffs/${webHandoff.id}/take`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ officer: 'En. Razak' }),
    });
    expect(clash.status).toBe(409);
    await officer.say(tanHandoff.id, 'Salam Encik Tan, saya semak sekarang.');
    await officer.say(webHandoff.id, 'Hello, how can I help?');
    await until(async () => (tan.received().includes('Pegawai: Salam Encik Tan') ? true : undefined), 'the officer message on Telegram');
    await until(async () => ((await web.received()).includes('Officer: Hello, how can I help?') ? true : undefined), 'the officer message on the web');

    await web.say('My passport renewal failed yesterday');
    const transcript = await officer.messages(webHandoff.id);
    expect(transcript.map((m) => [m.from, m.text])).toEqual(
      expect.arrayContaining([
        ['officer', 'Hello, how can I help?'],
        ['citizen', 'My passport renewal failed yesterday'],
      ]),
    );
    expect((await officer.messages(tanHandoff.id)).some((m) => m.from === 'citizen' && /B1/.test(m.text))).toBe(true);

    await officer.release(tanHandoff.id);
    await until(async () => (tan.received().includes('kembali kepada Khidmat') ? true : undefined), 'the release notice');
    // Back with the bot: a service request is a service again.
    await tan.say('menu');
    expect(tan.received()).toContain('Perbaharui cukai jalan');
    expect((await officer.queue()).map((h) => h.id)).toEqual([webHandoff.id]);
  });

  it('reads the queue only while a conversation may be in it: not again once it was not, again after asking, not after leaving', async () => {
    const reads = vi.spyOn(app.handoffs, 'forConversation');
    try {
      const lim = telegramCitizen(app, telegram, 7002);
      await lim.say('hai');
      const readsOfLim = () => reads.mock.calls.filter(([key]) => key.endsWith(':7002')).length;
      expect(readsOfLim()).toBe(1);
      await lim.say('berapa harga roadtax 1800cc');
      expect(readsOfLim()).toBe(1);

      await lim.say('saya nak cakap dengan pegawai');
      await lim.say('helo, ada sesiapa?');
      expect(lim.received()).toMatch(/masih dalam giliran/);
      const afterAsking = readsOfLim();
      await lim.say('batal');
      expect(lim.received()).toMatch(/keluar dari giliran/);
      expect(readsOfLim()).toBe(afterAsking + 1);
      await lim.say('berapa harga roadtax 1800cc');
      expect(readsOfLim()).toBe(afterAsking + 1);
    } finally {
      reads.mockRestore();
    }
  });

  it('relays a conversation that is in the queue although its saved state does not say so (expired, or saved before the flag)', async () => {
    const reads = vi.spyOn(app.handoffs, 'forConversation');
    const ong = telegramCitizen(app, telegram, 7003);
    await ong.say('hai');
    const key = reads.mock.calls.map(([conversationKey]) => conversationKey).find((conversationKey) => conversationKey.endsWith(':7003'))!;
    reads.mockRestore();
    // The queue holds the conversation; its state is gone (expired) and starts again without the flag.
    await app.handoffs.request({ conversationKey: key, reference: {} as never, channel: 'telegram', lang: 'ms', reason: 'ASKED', context: { service: null, details: {} } });
    const [stateKey] = (await app.backend.storage.keys('telegram/conversations/')).filter((stateKey) => stateKey.includes('7003'));
    await app.backend.storage.delete([stateKey!]);
    await ong.say('saman saya dah bayar ke belum?');
    expect(ong.received()).toMatch(/masih dalam giliran/);
  });

  it('shows the officer what the bot had collected, with the MyKad masked', async () => {
    const web = await webCitizen(app);
    await web.say('renew my road tax, IC 850412-10-5566');
    await web.say('talk to an officer');
    const handoff = (await operator(app).queue()).find((h) => h.context.service === 'jpj.roadtax.renew');
    expect(handoff.context.details.mykad).toBe('850412-**-**66');
    expect(JSON.stringify(handoff)).not.toContain('850412-10-5566');
  });

  it('outside office hours offers a counter appointment instead of a queue', async () => {
    const closedTelegram = await FakeTelegramApi.start(TELEGRAM.TELEGRAM_BOT_TOKEN);
    const closed = await start(closedTelegram, 'Sun 00:00-00:01');
    try {
      const citizen = telegramCitizen(closed, closedTelegram, 7100);
      await citizen.say('I want to speak to an officer');
      expect(citizen.received()).toMatch(/outside those hours/);
      expect(citizen.received()).toContain('Counter appointment');
      expect(await operator(closed).queue()).toEqual([]);
    } finally {
      await closed.close();
      await closedTelegram.close();
    }
  });
});
