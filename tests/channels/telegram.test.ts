import { TurnContext, type ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { PAYMENT_SETTLED_EVENT, type Turn, type TurnRouter } from '../../src/bot/khidmatBot';
import { withChoices } from '../../src/bot/replies';
import { ChannelApiError } from '../../src/channels/shared/channelApiError';
import { mountTelegram, TelegramApi } from '../../src/channels/telegram';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { redisAvailable, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { FakeTelegramApi } from './fakes/telegramApi';

const TOKEN = '123456789:TEST-token_abc';
const SECRET = 'webhook-secret_42';
const LONG_LABEL = 'Saya mahu memperbaharui cukai jalan kenderaan saya untuk dua belas bulan';

let nextUpdateId = 1;
let nextChatId = 5000;

/** A Telegram user in a private chat, who types and taps through the webhook. */
function telegramUser(base: string, languageCode?: string) {
  const id = nextChatId++;
  const from = { id, is_bot: false, first_name: 'Aminah', ...(languageCode ? { language_code: languageCode } : {}) };
  const post = async (update: object, secret: string | null = SECRET) => {
    const response = await fetch(`${base}/api/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const messageUpdate = (text: string | undefined, chatType = 'private') => ({
    update_id: nextUpdateId++,
    message: { message_id: nextUpdateId, from, chat: { id, type: chatType }, date: Math.floor(Date.now() / 1000), ...(text === undefined ? { photo: [{ file_id: 'x' }] } : { text }) },
  });
  return {
    chatId: id,
    post,
    messageUpdate,
    say: (text: string) => post(messageUpdate(text)),
    tap: (callbackData: string, markup?: object) =>
      post({
        update_id: nextUpdateId++,
        callback_query: {
          id: `cq-${nextUpdateId}`,
          from,
          data: callbackData,
          message: { message_id: 1, chat: { id, type: 'private' }, date: Math.floor(Date.now() / 1000), text: 'menu', ...(markup ? { reply_markup: markup } : {}) },
        },
      }),
  };
}

async function startWithTelegram(fake: FakeTelegramApi, router?: TurnRouter, env: Record<string, string> = {}, keyPrefix?: string): Promise<Khidmat> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_URL: fake.url, ...env });
  return startKhidmat(config, { channels: [mountTelegram], port: 0, logger: createLogger({ level: 'silent' }), router, keyPrefix });
}

const keyboardOf = (message: any): Array<{ text: string; callback_data?: string }> => (message?.reply_markup?.inline_keyboard ?? []).flat();

describe('Telegram channel with the real bot', () => {
  let fake: FakeTelegramApi;
  let app: Khidmat;
  let base: string;
  beforeAll(async () => {
    fake = await FakeTelegramApi.start(TOKEN);
    app = await startWithTelegram(fake);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('answers a Malay "hai" with the Malay welcome and the service menu as an inline keyboard, in plain text', async () => {
    const user = telegramUser(base);
    expect(await user.say('hai')).toBe(200);
    const sent = fake.succeeded('sendMessage', user.chatId);
    expect(sent.map((m) => m.text).join('\n')).toContain('pembantu automatik');
    const menu = sent.find((m) => m.reply_markup);
    expect(keyboardOf(menu).map((b) => b.text)).toContain('Perbaharui cukai jalan');
    for (const button of keyboardOf(menu)) expect(Buffer.byteLength(button.callback_data ?? '')).toBeLessThanOrEqual(64);
    // Plain text: nothing the citizen typed can be read as markup.
    expect(sent.every((m) => m.parse_mode === undefined)).toBe(true);
  });

  it('answers an English message in English', async () => {
    const user = telegramUser(base);
    await user.say('Hello, what can you do for me?');
    const sent = fake.succeeded('sendMessage', user.chatId);
    expect(sent.map((m) => m.text).join('\n')).toContain('automated assistant');
    expect(keyboardOf(sent.find((m) => m.reply_markup)).map((b) => b.text)).toContain('Renew road tax');
  });

  it('/start greets in the language of the Telegram app, /menu shows the menu', async () => {
    const english = telegramUser(base, 'en');
    await english.say('/start');
    expect(fake.textsTo(english.chatId).join('\n')).toContain('automated assistant');

    const malay = telegramUser(base, 'ms');
    await malay.say('/start');
    expect(fake.textsTo(malay.chatId).join('\n')).toContain('pembantu automatik');
    const before = fake.succeeded('sendMessage', malay.chatId).length;
    await malay.say('/menu@KhidmatBot');
    const after = fake.succeeded('sendMessage', malay.chatId).slice(before);
    expect(keyboardOf(after.find((m) => m.reply_markup)).map((b) => b.text)).toContain('Perbaharui pasport');
  });

  it.each([
    ['a wrong secret', 'not-the-secret'],
    ['no secret', null],
    ['an empty secret', ''],
  ])('refuses an update with %s (401) and sends nothing', async (_name, secret) => {
    const user = telegramUser(base);
    const callsBefore = fake.calls.length;
    const status = await user.post(user.messageUpdate('hai'), secret);
    expect(status).toBe(401);
    expect(fake.calls.length).toBe(callsBefore);
  });

  it('handles a redelivered update once', async () => {
    const user = telegramUser(base);
    const update = user.messageUpdate('hai');
    expect(await user.post(update)).toBe(200);
    const afterFirst = fake.succeeded('sendMessage', user.chatId).length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(await user.post(update)).toBe(200);
    expect(fake.succeeded('sendMessage', user.chatId).length).toBe(afterFirst);
  });

  it('answers a tapped menu button and continues the same conversation with it', async () => {
    const user = telegramUser(base);
    await user.say('hai');
    const menu = fake.succeeded('sendMessage', user.chatId).find((m) => m.reply_markup);
    const roadTax = keyboardOf(menu).find((b) => b.text === 'Perbaharui cukai jalan')!;
    const before = fake.succeeded('sendMessage', user.chatId).length;
    expect(await user.tap(roadTax.callback_data!, menu.reply_markup)).toBe(200);
    expect(fake.succeeded('answerCallbackQuery').some((body) => body.callback_query_id.startsWith('cq-'))).toBe(true);
    const replies = fake.succeeded('sendMessage', user.chatId).slice(before);
    expect(replies.length).toBeGreaterThan(0);
    // A second welcome would mean the tap started a new conversation.
    expect(replies.map((m) => m.text).join('\n')).not.toContain('pembantu automatik');
  });

  it('explains that it reads text only when sent a photo, and ignores group chats', async () => {
    const user = telegramUser(base);
    await user.post(user.messageUpdate(undefined));
    expect(fake.textsTo(user.chatId).join('\n')).toContain('hanya boleh membaca mesej teks');

    const inGroup = telegramUser(base);
    expect(await inGroup.post(inGroup.messageUpdate('hai', 'group'))).toBe(200);
    expect(fake.textsTo(inGroup.chatId)).toEqual([]);
  });

  it('retries through a short outage of the Bot API (503 twice) and the message arrives', async () => {
    const user = telegramUser(base);
    fake.failNext(2, 503, undefined, 'sendMessage');
    expect(await user.say('hai')).toBe(200);
    const attempts = fake.calls.filter((call) => call.method === 'sendMessage' && String(call.body.chat_id) === String(user.chatId));
    expect(attempts.slice(0, 3).map((call) => call.status)).toEqual([503, 503, 200]);
    expect(fake.textsTo(user.chatId).join('\n')).toContain('pembantu automatik');
  });

  it("honours Telegram's retry_after on a 429", async () => {
    const user = telegramUser(base);
    fake.failNext(1, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, 'sendMessage');
    const started = Date.now();
    await user.say('hai');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.textsTo(user.chatId).join('\n')).toContain('pembantu automatik');
  });

  it('survives a permanent outage: the webhook still answers, and the next message after recovery goes through', async () => {
    const user = telegramUser(base);
    fake.down = 503;
    try {
      const started = Date.now();
      expect(await user.say('hai')).toBe(200);
      // Gave up on the first reply and skipped the rest of the turn instead of waiting out every reply.
      expect(Date.now() - started).toBeLessThan(8000);
      const attempts = fake.calls.filter((call) => call.method === 'sendMessage' && String(call.body.chat_id) === String(user.chatId));
      expect(attempts.length).toBe(4);
    } finally {
      fake.down = undefined;
    }
    await user.say('menu');
    expect(fake.succeeded('sendMessage', user.chatId).some((m) => m.reply_markup)).toBe(true);
  });
});

/** A stand-in for the service router: echoes what it got, offers a long choice, fails on request, sends a receipt. */
class EchoRouter implements TurnRouter {
  readonly references = new Map<string, Partial<ConversationReference>>();
  async route(turn: Turn): Promise<void> {
    const { context, text } = turn;
    if (turn.paymentRef !== undefined) {
      await context.sendActivity(`Resit ${turn.paymentRef}: cukai jalan diperbaharui.`);
      return;
    }
    // What the flow engine stores with a transaction, for the receipt to find the citizen later.
    this.references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
    if (text === 'boom') throw new Error('router failed');
    if (text === 'panjang') {
      await context.sendActivity(Array.from({ length: 300 }, (_, i) => `Baris ${i + 1}: maklumat penting tentang cukai jalan.`).join('\n'));
      return;
    }
    if (text === 'pilihan') {
      await context.sendActivity(withChoices('Pilih satu:', [LONG_LABEL, 'Ya']));
      return;
    }
    await context.sendActivity(`Anda kata: ${text}`);
  }
}

describe('Telegram channel plumbing (a stand-in router)', () => {
  let fake: FakeTelegramApi;
  let app: Khidmat;
  let base: string;
  const router = new EchoRouter();
  beforeAll(async () => {
    fake = await FakeTelegramApi.start(TOKEN);
    app = await startWithTelegram(fake, router);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('maps a choice too long for callback_data through a short id, and gets the whole choice back on tap', async () => {
    const user = telegramUser(base);
    await user.say('pilihan');
    const offer = fake.succeeded('sendMessage', user.chatId).find((m) => m.reply_markup);
    const long = keyboardOf(offer).find((b) => b.text === LONG_LABEL)!;
    expect(Buffer.byteLength(long.callback_data!)).toBeLessThanOrEqual(64);
    expect(long.callback_data).not.toContain(LONG_LABEL);
    expect(keyboardOf(offer).find((b) => b.text === 'Ya')?.callback_data).toBe('v:Ya');

    await user.tap(long.callback_data!);
    expect(fake.textsTo(user.chatId).at(-1)).toBe(`Anda kata: ${LONG_LABEL}`);
  });

  it('falls back to the label of the tapped button when its id is unknown, and answers the query either way', async () => {
    const user = telegramUser(base);
    await user.say('hai');
    const markup = { inline_keyboard: [[{ text: 'Semak & bayar saman', callback_data: 'k:expiredid' }]] };
    await user.tap('k:expiredid', markup);
    expect(fake.textsTo(user.chatId).at(-1)).toBe('Anda kata: Semak & bayar saman');

    const answeredBefore = fake.succeeded('answerCallbackQuery').length;
    await user.tap('k:unknownid');
    expect(fake.succeeded('answerCallbackQuery').length).toBe(answeredBefore + 1);
    expect(fake.textsTo(user.chatId).at(-1)).toBe('Anda kata: Semak & bayar saman');
  });

  it('splits a message over 4096 characters at line breaks, losing nothing', async () => {
    const user = telegramUser(base);
    await user.say('panjang');
    const pieces = fake.textsTo(user.chatId).filter((text) => text.startsWith('Baris'));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    const lines = pieces.join('\n').split('\n');
    expect(lines).toHaveLength(300);
    expect(lines[299]).toBe('Baris 300: maklumat penting tentang cukai jalan.');
  });

  it('apologises in the citizen’s language when the bot fails, and still answers the webhook', async () => {
    const user = telegramUser(base);
    await user.say('hai');
    expect(await user.say('boom')).toBe(200);
    expect(fake.textsTo(user.chatId).at(-1)).toContain('Maaf, ada masalah teknikal');
  });

  it('delivers a proactive message (the receipt after payment) through the Bot API', async () => {
    const user = telegramUser(base);
    await user.say('hai');
    const reference = router.references.get(String(user.chatId))!;
    expect(reference.channelId).toBe('telegram');
    // What a stored reference looks like after a round trip through Redis or JSON.
    await app.proactive.sendEvent(JSON.parse(JSON.stringify(reference)), PAYMENT_SETTLED_EVENT, { ref: 'LKM-123' });
    expect(fake.textsTo(user.chatId).at(-1)).toBe('Resit LKM-123: cukai jalan diperbaharui.');
  });
});

describe('Telegram channel off', () => {
  it('mounts nothing without TELEGRAM_BOT_TOKEN', async () => {
    const app = await startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), { channels: [mountTelegram], port: 0, logger: createLogger({ level: 'silent' }) });
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/api/telegram`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('Telegram API client', () => {
  it('gives up on a hanging Bot API within its time budget, with a typed error that does not reveal the token', async () => {
    const fake = await FakeTelegramApi.start(TOKEN);
    fake.stalled = true;
    const logLines: string[] = [];
    const api = new TelegramApi({
      apiUrl: fake.url,
      token: TOKEN,
      logger: createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } }),
      policy: { attempts: 4, baseMs: 10, maxMs: 20, maxRetryAfterMs: 5000, timeoutMs: 200, budgetMs: 700 },
    });
    try {
      const started = Date.now();
      const error = await api.sendMessage({ chat_id: 1, text: 'hai' }).catch((err: unknown) => err);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error).toBeInstanceOf(ChannelApiError);
      expect(error).toMatchObject({ channel: 'telegram', method: 'sendMessage', status: undefined, retryable: true });
      expect(String((error as Error).message)).not.toContain(TOKEN);
      expect(fake.calls.length).toBeGreaterThanOrEqual(2);
      // Each retry is logged, by method name; the token (part of the API path) never appears.
      expect(logLines.some((line) => line.includes('retrying') && line.includes('sendMessage'))).toBe(true);
      expect(logLines.join('\n')).not.toContain(TOKEN.split(':')[1]);
    } finally {
      await fake.close();
    }
  });

  it('does not retry a refusal (400) and reports Telegram’s reason', async () => {
    const fake = await FakeTelegramApi.start(TOKEN);
    const api = new TelegramApi({ apiUrl: fake.url, token: TOKEN, logger: createLogger({ level: 'silent' }) });
    try {
      await expect(api.sendMessage({ chat_id: 1, text: '' })).rejects.toMatchObject({ status: 400, retryable: false, detail: 'Bad Request: message text is empty' });
      expect(fake.calls).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});

describe('Telegram channel on Redis state (several instances share dedupe and button ids)', async () => {
  const available = await redisAvailable();
  it.runIf(available)('a redelivery reaching a second instance is processed once, and a long button tapped there still resolves', async () => {
    const fake = await FakeTelegramApi.start(TOKEN);
    const prefix = uniquePrefix('telegram');
    const first = await startWithTelegram(fake, new EchoRouter(), { REDIS_URL }, prefix);
    const second = await startWithTelegram(fake, new EchoRouter(), { REDIS_URL }, prefix);
    try {
      const onFirst = telegramUser(`http://127.0.0.1:${first.port}`);
      const update = onFirst.messageUpdate('pilihan');
      expect(await onFirst.post(update)).toBe(200);
      const offered = fake.succeeded('sendMessage', onFirst.chatId).length;
      const onSecond = { ...onFirst, ...telegramUser(`http://127.0.0.1:${second.port}`), chatId: onFirst.chatId };
      expect(await onSecond.post(update)).toBe(200);
      expect(fake.succeeded('sendMessage', onFirst.chatId).length).toBe(offered);

      const long = keyboardOf(fake.succeeded('sendMessage', onFirst.chatId).find((m) => m.reply_markup)).find((b) => b.text === LONG_LABEL)!;
      expect(long.callback_data).toMatch(/^k:/);
      expect(await onSecond.post({ update_id: nextUpdateId++, callback_query: { id: 'cq-redis', from: { id: onFirst.chatId, is_bot: false }, data: long.callback_data, message: { message_id: 1, chat: { id: onFirst.chatId, type: 'private' }, date: 0 } } })).toBe(200);
      expect(fake.textsTo(onFirst.chatId).at(-1)).toBe(`Anda kata: ${LONG_LABEL}`);
    } finally {
      const keys = await first.backend.kv.keys('');
      if (keys.length > 0) await first.backend.kv.delete(...keys);
      await first.close();
      await second.close();
      await fake.close();
    }
  });
});
