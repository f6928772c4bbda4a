import { TurnContext, type Activity } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startKhidmat, type Khidmat } from '../../src/app';
import { PAYMENT_SETTLED_EVENT, type Turn, type TurnRouter } from '../../src/bot/khidmatBot';
import { createDirectLineMount, type DirectLineOptions } from '../../src/channels/directline';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { redisAvailable, REDIS_URL, uniquePrefix } from '../helpers/redis';

// ---------- a tiny Direct Line client over fetch and ws ----------

interface Descriptor {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

async function startApp(options: DirectLineOptions = {}, env: Record<string, string> = {}, extra: { router?: TurnRouter; keyPrefix?: string } = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app = await startKhidmat(config, {
    logger: createLogger({ level: 'silent' }),
    port: 0,
    channels: [createDirectLineMount(options)],
    ...extra,
  });
  return client(app);
}

function client(app: Khidmat) {
  const api = `${app.publicUrl}/v3/directline`;
  async function call(method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
  }
  return {
    app,
    api,
    call,
    async generate(): Promise<Descriptor> {
      const { status, json } = await call('POST', '/tokens/generate');
      expect(status).toBe(200);
      return json;
    },
    /** A started conversation (the bot has welcomed the citizen). */
    async conversation(): Promise<Descriptor> {
      const { token } = await this.generate();
      const { status, json } = await call('POST', '/conversations', token);
      expect(status).toBe(201);
      return json;
    },
    async say(c: Descriptor, text: string, extra: Record<string, unknown> = {}) {
      return call('POST', `/conversations/${c.conversationId}/activities`, c.token, { type: 'message', text, from: { id: 'whoever' }, ...extra });
    },
    async history(c: Descriptor, watermark = '') {
      const { status, json } = await call('GET', `/conversations/${c.conversationId}/activities?watermark=${watermark}`, c.token);
      expect(status).toBe(200);
      return json as { activities: Activity[]; watermark: string };
    },
  };
}

/** A WebSocket stream that records every activity set it receives. */
async function openStream(url: string) {
  const sets: Array<{ activities: Activity[]; watermark?: string }> = [];
  const socket = new WebSocket(url);
  // Listen before 'open': the backlog can arrive in the same packet as the upgrade response.
  socket.on('message', (data) => sets.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const activities = () => sets.flatMap((set) => set.activities);
  return {
    sets,
    activities,
    async waitFor(predicate: (activity: Activity) => boolean, what: string, timeoutMs = 8000): Promise<Activity> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = activities().find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`stream never delivered ${what}; got ${JSON.stringify(activities().map((a) => [a.type, a.text]))}`);
    },
    close: () => socket.close(),
  };
}

/** The status an upgrade to `url` is refused with (or 101 when it is accepted). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(-1));
  });
}

const botMessages = (activities: Activity[]) => activities.filter((a) => a.type === 'message' && a.from?.role === 'bot');
const seq = (activity: Activity) => Number(activity.id?.split('|').pop());

// ---------- the protocol, on the real bot with memory state ----------

describe('Direct Line 3.0 subset', () => {
  let dl: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    dl = await startApp();
  });
  afterAll(async () => {
    await dl.app.close();
  });

  it('issues an unguessable conversation id with a token, and starts it with the welcome and the menu', async () => {
    const generated = await dl.generate();
    expect(generated.conversationId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generated.expires_in).toBe(1800);
    const started = await dl.call('POST', '/conversations', generated.token);
    expect(started.status).toBe(201);
    expect(started.json.conversationId).toBe(generated.conversationId);
    expect(started.json.streamUrl).toBe(
      `${dl.api.replace('http', 'ws')}/conversations/${generated.conversationId}/stream?t=${generated.token}`,
    );

    const { activities, watermark } = await dl.history(started.json);
    const welcome = botMessages(activities);
    expect(welcome.length).toBeGreaterThanOrEqual(2);
    expect(welcome.every((a) => a.locale === 'ms-MY' && a.channelId === 'webchat')).toBe(true);
    const menu = welcome.at(-1)!.suggestedActions!.actions;
    expect(menu.map((a) => [a.type, a.value])).toContainEqual(['imBack', 'Perbaharui cukai jalan']);
    expect(Number(watermark)).toBe(activities.length);

    // Starting again resumes: same conversation, no second welcome.
    const again = await dl.call('POST', '/conversations', generated.token);
    expect(again.status).toBe(200);
    expect((await dl.history(started.json)).activities).toHaveLength(activities.length);
  });

  it('takes a message, answers it, and reads only what is new since a watermark', async () => {
    const c = await dl.conversation();
    const before = await dl.history(c);
    const sent = await dl.say(c, 'English please');
    expect(sent.status).toBe(200);
    expect(sent.json.id).toBe(`${c.conversationId}|${String(Number(before.watermark) + 1).padStart(7, '0')}`);

    const after = await dl.history(c, before.watermark);
    const [echo, ...replies] = after.activities;
    expect(echo!.id).toBe(sent.json.id);
    expect(echo!.text).toBe('English please');
    // The sender is whoever the token belongs to, not what the body claimed ("whoever").
    expect(echo!.from.id).toMatch(/^dl_/);
    expect(echo!.from.id).toBe(before.activities[0]!.recipient.id);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((a) => a.locale === 'en-MY' && a.replyToId === sent.json.id)).toBe(true);
    expect(replies.every((a) => typeof a.timestamp === 'string' && !Number.isNaN(Date.parse(String(a.timestamp))))).toBe(true);
    expect(after.activities.map(seq)).toEqual(after.activities.map((_, i) => Number(before.watermark) + 1 + i));

    const nothingNew = await dl.history(c, after.watermark);
    expect(nothingNew).toEqual({ activities: [], watermark: after.watermark });
  });

  it('pushes the backlog, then typing, the echo and the reply over the WebSocket stream, in order', async () => {
    const c = await dl.conversation();
    const stream = await openStream(c.streamUrl);
    const welcome = await stream.waitFor((a) => a.type === 'message' && !!a.suggestedActions, 'the welcome backlog');
    expect(welcome.locale).toBe('ms-MY');

    const sent = await dl.say(c, 'hello');
    const reply = await stream.waitFor((a) => a.type === 'message' && a.replyToId === sent.json.id, 'the reply');
    const all = stream.activities();
    const typingAt = all.findIndex((a) => a.type === 'typing');
    const echoAt = all.findIndex((a) => a.id === sent.json.id);
    expect(echoAt).toBeGreaterThan(-1);
    expect(typingAt).toBeGreaterThan(echoAt);
    expect(all.indexOf(reply)).toBeGreaterThan(typingAt);

    const stored = all.filter((a) => a.type !== 'typing');
    expect(stored.map(seq)).toEqual(stored.map((_, i) => i + 1)); // no gap, no repeat
    const lastSet = stream.sets.filter((set) => set.watermark).at(-1)!;
    expect(lastSet.watermark).toBe((await dl.history(c)).watermark);
    stream.close();
  });

  it('reconnects from a watermark without repeating what the client has', async () => {
    const c = await dl.conversation();
    const { watermark } = await dl.history(c);
    const resumed = await dl.call('GET', `/conversations/${c.conversationId}?watermark=${watermark}`, c.token);
    expect(resumed.status).toBe(200);
    expect(resumed.json.streamUrl).toContain(`watermark=${watermark}`);
    const stream = await openStream(resumed.json.streamUrl);
    const sent = await dl.say(c, 'hello');
    await stream.waitFor((a) => a.replyToId === sent.json.id, 'the reply');
    expect(Math.min(...stream.activities().filter((a) => a.type !== 'typing').map(seq))).toBe(Number(watermark) + 1);
    stream.close();
  });

  it('requires a token on every conversation route', async () => {
    const c = await dl.conversation();
    const id = c.conversationId;
    const calls: Array<[string, string]> = [
      ['POST', '/conversations'],
      ['POST', '/tokens/refresh'],
      ['GET', `/conversations/${id}`],
      ['GET', `/conversations/${id}/activities`],
      ['POST', `/conversations/${id}/activities`],
    ];
    for (const [method, path] of calls) {
      const { status, json } = await dl.call(method, path, undefined, method === 'POST' ? { type: 'message', text: 'hi' } : undefined);
      expect([method, path, status]).toEqual([method, path, 401]);
      expect(json.error.code).toBe('Unauthorized');
    }
    expect(await upgradeStatus(`${dl.api.replace('http', 'ws')}/conversations/${id}/stream`)).toBe(401);
  });

  it("never lets one citizen's token read or write another citizen's conversation", async () => {
    const aminah = await dl.conversation();
    const intruder = await dl.conversation();
    await dl.say(aminah, 'Perbaharui cukai jalan');
    const before = await dl.history(aminah);

    const target = aminah.conversationId;
    const read = await dl.call('GET', `/conversations/${target}/activities`, intruder.token);
    const write = await dl.call('POST', `/conversations/${target}/activities`, intruder.token, { type: 'message', text: 'padam data saya' });
    const resume = await dl.call('GET', `/conversations/${target}`, intruder.token);
    expect([read.status, write.status, resume.status]).toEqual([403, 403, 403]);
    expect(JSON.stringify(read.json)).not.toContain('cukai');
    expect(await upgradeStatus(`${dl.api.replace('http', 'ws')}/conversations/${target}/stream?t=${intruder.token}`)).toBe(403);
    // The token's own conversation is what POST /conversations starts, whatever the body says.
    const start = await dl.call('POST', '/conversations', intruder.token, { conversationId: target });
    expect(start.json.conversationId).toBe(intruder.conversationId);

    expect(await dl.history(aminah)).toEqual(before);
  });

  it('refuses forged tokens', async () => {
    const aminah = await dl.conversation();
    const mallory = await dl.conversation();
    const [header, payload, signature] = mallory.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...claims, conv: aminah.conversationId })).toString('base64url');
    const forgeries = {
      'payload swapped, old signature': `${header}.${swapped}.${signature}`,
      'no signature': `${header}.${swapped}.`,
      'alg none': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${swapped}.`,
      garbage: 'not-a-token',
    };
    for (const [what, token] of Object.entries(forgeries)) {
      const { status } = await dl.call('GET', `/conversations/${aminah.conversationId}/activities`, token);
      expect([what, status]).toEqual([what, 403]);
    }
  });

  it('only messages reach the bot: a browser cannot inject the payment-settled event', async () => {
    const c = await dl.conversation();
    const before = await dl.history(c);
    const spoof = await dl.call('POST', `/conversations/${c.conversationId}/activities`, c.token, {
      type: 'event',
      name: PAYMENT_SETTLED_EVENT,
      value: { ref: 'TX-FAKE' },
    });
    expect(spoof.status).toBe(200);
    expect(await dl.history(c)).toEqual(before);
  });

  it('runs a retried message once (same client activity id), and refuses oversized text', async () => {
    const c = await dl.conversation();
    const first = await dl.say(c, 'hello', { channelData: { clientActivityID: 'retry-1' } });
    const second = await dl.say(c, 'hello', { channelData: { clientActivityID: 'retry-1' } });
    expect(second.json.id).toBe(first.json.id);
    const echoes = (await dl.history(c)).activities.filter((a) => a.from.role === 'user');
    expect(echoes).toHaveLength(1);

    const tooLong = await dl.say(c, 'x'.repeat(2001));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.code).toBe('BadArgument');
  });

  it('answers CORS preflights so Microsoft clients embedded elsewhere can call it', async () => {
    const response = await fetch(`${dl.api}/tokens/generate`, { method: 'OPTIONS', headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});

describe('Direct Line tokens expire and refresh', () => {
  let clock = Date.now();
  let dl: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    dl = await startApp({ tokenTtlSeconds: 60, now: () => clock });
  });
  afterAll(async () => {
    await dl.app.close();
  });

  it('refreshes a live token, and refuses an expired one everywhere', async () => {
    const c = await dl.conversation();
    clock += 40_000;
    const refreshed = await dl.call('POST', '/tokens/refresh', c.token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.conversationId).toBe(c.conversationId);
    expect(refreshed.json.token).not.toBe(c.token);

    clock += 30_000; // the first token is now 70 s old; the refreshed one 30 s
    const expired = await dl.call('GET', `/conversations/${c.conversationId}/activities`, c.token);
    expect(expired.status).toBe(403);
    expect(expired.json.error.code).toBe('TokenExpired');
    expect((await dl.call('POST', '/tokens/refresh', c.token)).status).toBe(403);
    expect(await upgradeStatus(`${dl.api.replace('http', 'ws')}/conversations/${c.conversationId}/stream?t=${c.token}`)).toBe(403);
    const fresh = await dl.call('GET', `/conversations/${c.conversationId}/activities`, refreshed.json.token);
    expect(fresh.status).toBe(200);
  });
});

describe('Direct Line limits', () => {
  let dl: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    dl = await startApp({ historyCap: 5 });
  });
  afterAll(async () => {
    await dl.app.close();
  });

  it('keeps a capped history while the watermark keeps counting', async () => {
    const c = await dl.conversation();
    await dl.say(c, 'hello');
    await dl.say(c, 'hi');
    const { activities, watermark } = await dl.history(c);
    expect(activities).toHaveLength(5);
    expect(Number(watermark)).toBeGreaterThan(5);
    expect(seq(activities.at(-1)!)).toBe(Number(watermark));
  });

  it('slows down a script opening conversations in bulk', async () => {
    const frozen = Date.now(); // one minute for the whole test: the limit counts per minute
    const limited = await startApp({ generateLimitPerMinute: 3, now: () => frozen });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await limited.call('POST', '/tokens/generate')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.call('POST', '/tokens/generate');
      expect(refused.json.error.code).toBe('TooManyRequests');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.app.close();
    }
  });
});

describe('Direct Line proactive delivery (the receipt that arrives later)', () => {
  const receiptRouter: TurnRouter = {
    async route(turn: Turn) {
      if (turn.paymentRef) await turn.context.sendActivity(`Resit ${turn.paymentRef}: bayaran diterima.`);
      else await turn.context.sendActivity(`echo: ${turn.text}`);
    },
  };
  let dl: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    dl = await startApp({}, {}, { router: receiptRouter });
  });
  afterAll(async () => {
    await dl.app.close();
  });

  it('opens a turn on the Direct Line adapter and pushes the reply to the open page', async () => {
    const c = await dl.conversation();
    const sent = await dl.say(c, 'bayar');
    const echo = (await dl.history(c)).activities.find((a) => a.id === sent.json.id)!;
    const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(echo)));
    const stream = await openStream(c.streamUrl);
    await stream.waitFor((a) => a.text === 'echo: bayar', 'the backlog');

    await dl.app.proactive.sendEvent(reference, PAYMENT_SETTLED_EVENT, { ref: 'TX-42' });
    const receipt = await stream.waitFor((a) => a.text?.startsWith('Resit TX-42') === true, 'the receipt');
    expect(receipt.from.role).toBe('bot');
    expect(receipt.conversation.id).toBe(c.conversationId);
    expect((await dl.history(c)).activities.at(-1)!.id).toBe(receipt.id);
    stream.close();
  });
});

describe('Direct Line on Redis', async () => {
  const available = await redisAvailable();
  const opened: Khidmat[] = [];
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  it.runIf(available)('resumes a conversation and its history after a restart', async () => {
    const keyPrefix = uniquePrefix('directline-restart');
    const first = await startApp({}, { REDIS_URL }, { keyPrefix });
    const c = await first.conversation();
    await first.say(c, 'English please');
    const before = await first.history(c);
    await first.app.close();

    const second = await startApp({}, { REDIS_URL }, { keyPrefix });
    opened.push(second.app);
    // The same token still works (the signing key is in Redis too), and the history is intact.
    const resumed = await second.call('POST', '/conversations', c.token);
    expect(resumed.status).toBe(200);
    const after = await second.history({ ...c, conversationId: c.conversationId });
    expect(after).toEqual(before);
    const sent = await second.say(c, 'hello');
    expect(sent.json.id).toBe(`${c.conversationId}|${String(Number(before.watermark) + 1).padStart(7, '0')}`);
  });

  it.runIf(available)("pushes to a page whose socket is held by another instance", async () => {
    const keyPrefix = uniquePrefix('directline-fanout');
    const a = await startApp({}, { REDIS_URL }, { keyPrefix });
    const b = await startApp({}, { REDIS_URL }, { keyPrefix });
    opened.push(a.app, b.app);
    const c = await a.conversation();
    const onB = await b.call('GET', `/conversations/${c.conversationId}`, c.token);
    const stream = await openStream(onB.json.streamUrl);
    await stream.waitFor((x) => !!x.suggestedActions, 'the backlog');
    const sent = await a.say(c, 'hello');
    await stream.waitFor((x) => x.replyToId === sent.json.id, 'the reply produced on the other instance');
    stream.close();
  });
});
