import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { startBot, texts } from '../helpers/bot';
import { REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis';

const hasRedis = await redisAvailable();

describe.runIf(hasRedis)('state on Redis', () => {
  it('a citizen’s language choice survives a restart of the bot', async () => {
    const keyPrefix = uniquePrefix('restart');
    const userId = `user-${randomUUID()}`;
    const first = await startBot({ REDIS_URL }, { keyPrefix });
    await first.citizen('conv-before', userId).say('hai');
    await first.citizen('conv-before', userId).say('English please');
    await first.close();

    const second = await startBot({ REDIS_URL }, { keyPrefix });
    try {
      // A new conversation after the restart, written in Malay: the remembered choice wins.
      const replies = await second.citizen('conv-after', userId).say('selamat pagi');
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.every((reply) => reply.locale === 'en-MY')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('a message’s state is read in the step that takes its lock (no read of its own), and is the state last written', async () => {
    const bot = await startBot({ REDIS_URL }, { keyPrefix: uniquePrefix('read-along') });
    try {
      const citizen = bot.citizen();
      await citizen.say('hai');
      const reads = vi.spyOn(bot.app.backend.storage, 'read');
      await citizen.say('English please');
      // Read along with the lock: the turn saw the Malay conversation and switched it.
      const after = await citizen.say('terima kasih');
      expect(after.every((reply) => reply.locale === 'en-MY')).toBe(true);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      await bot.close();
    }
  });

  it('a message’s state is written and its lock released in one step (one Redis command, both documents)', async () => {
    const keyPrefix = uniquePrefix('release-along');
    const bot = await startBot({ REDIS_URL }, { keyPrefix });
    const redis = new Redis(REDIS_URL);
    try {
      const citizen = bot.citizen();
      const releases = vi.spyOn(bot.app.backend.kv, 'deleteIfEquals');
      const writes = vi.spyOn(bot.app.backend.storage, 'write');
      // A first message changes both documents (the conversation, the citizen's profile).
      expect(texts(await citizen.say('berapa harga roadtax 1800cc'))).toContain('RM');
      expect(releases).not.toHaveBeenCalled();
      expect(writes).not.toHaveBeenCalled();
      expect(await redis.keys(`${keyPrefix}lock:*`)).toEqual([]);
      const stored = await redis.keys(`${keyPrefix}state:*`);
      expect(stored.some((key) => key.includes('/conversations/')) && stored.some((key) => key.includes('/users/'))).toBe(true);
      // The next message is not kept waiting for a lock, and sees what the first one saved.
      const started = Date.now();
      expect(texts(await citizen.say('English please'))).toMatch(/English/);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(releases).not.toHaveBeenCalled();
    } finally {
      redis.disconnect();
      await bot.close();
    }
  });

  it('a message’s rate limits are counted in the step that claims its turn; past the limit it gets 429 and nothing is claimed', async () => {
    const keyPrefix = uniquePrefix('limits-along');
    const bot = await startBot({ REDIS_URL }, { keyPrefix, rateLimits: { perUser: { limit: 2, windowSeconds: 60 } } });
    const redis = new Redis(REDIS_URL);
    try {
      const countedApart = vi.spyOn(bot.app.backend.kv, 'incrementAndGetEach');
      const citizen = bot.citizen();
      expect(texts(await citizen.say('hai'))).not.toBe('');
      expect(texts(await citizen.say('berapa harga roadtax 1800cc'))).toContain('RM');
      // Counted inside the claim (one Redis command for limits, mark, lock and state), not in a step of its own.
      expect(countedApart).not.toHaveBeenCalled();
      const id = randomUUID();
      const refused = await bot.post({ type: 'message', id, text: 'hai lagi', channelId: 'test', deliveryMode: 'expectReplies', conversation: { id: citizen.conversationId }, from: { id: citizen.userId }, recipient: { id: 'khidmat' } });
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe('RATE_LIMITED');
      expect(refused.json.error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // Not marked handled (its retry after the wait runs) and no lock left behind.
      expect(await redis.keys(`${keyPrefix}seen:*${id}`)).toEqual([]);
      expect(await redis.keys(`${keyPrefix}lock:*`)).toEqual([]);
      // Another citizen is not held back by this one's limit.
      expect(texts(await bot.citizen().say('hai'))).not.toBe('');
    } finally {
      redis.disconnect();
      await bot.close();
    }
  });

  it('a message looks for its conversation in the officers’ queue in the step that takes its lock', async () => {
    const bot = await startBot({ REDIS_URL, OFFICE_HOURS: 'Mon-Sun 00:00-24:00' }, { keyPrefix: uniquePrefix('queue-along') });
    try {
      const gets = vi.spyOn(bot.app.backend.kv, 'get');
      const newcomer = bot.citizen();
      // A new conversation must check the queue (its state says nothing yet): read along, no GET of its own.
      expect(texts(await newcomer.say('berapa harga roadtax 1800cc'))).toContain('RM');
      expect(gets.mock.calls.filter(([key]) => key.startsWith('handoff-conv:'))).toEqual([]);

      // In the queue, with a state that does not say so (expired): what was read along finds it.
      const waiting = bot.citizen();
      await waiting.say('hai');
      await bot.app.handoffs.request({ conversationKey: `test:${waiting.conversationId}`, reference: {} as never, channel: 'test', lang: 'ms', reason: 'ASKED', context: { service: null, details: {} } });
      await bot.app.backend.storage.delete([`test/conversations/${waiting.conversationId}/`]);
      gets.mockClear();
      expect(texts(await waiting.say('saman saya dah bayar ke belum?'))).toMatch(/masih dalam giliran/);
      expect(gets.mock.calls.filter(([key]) => key.startsWith('handoff-conv:'))).toEqual([]);
    } finally {
      await bot.close();
    }
  });

  it('a state document that cannot be read fails that turn softly and holds up none after it', async () => {
    const keyPrefix = uniquePrefix('corrupt');
    const bot = await startBot({ REDIS_URL }, { keyPrefix });
    const redis = new Redis(REDIS_URL);
    try {
      const citizen = bot.citizen();
      await citizen.say('hai');
      await redis.set(`${keyPrefix}state:test/conversations/${citizen.conversationId}/`, 'etag\n{not json');
      const failed = await citizen.say('berapa harga roadtax 1800cc');
      expect(texts(failed)).toMatch(/Maaf|Sorry/);
      await redis.del(`${keyPrefix}state:test/conversations/${citizen.conversationId}/`);
      // The lock was given back: the next message is answered at once, not after the 15-second wait.
      const started = Date.now();
      expect(texts(await citizen.say('berapa harga roadtax 1800cc'))).toContain('RM');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      redis.disconnect();
      await bot.close();
    }
  });

  it('two instances sharing Redis serialise simultaneous turns of one conversation: nothing is lost', async () => {
    const keyPrefix = uniquePrefix('concurrent');
    const [a, b] = [await startBot({ REDIS_URL }, { keyPrefix }), await startBot({ REDIS_URL }, { keyPrefix })];
    try {
      const conversationId = `conv-${randomUUID()}`;
      const userId = `user-${randomUUID()}`;
      await a.citizen(conversationId, userId).say('hai');
      // Ten messages at once, alternating instances. Each turn reads and writes the same state.
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).citizen(conversationId, userId).say(i === 5 ? 'English please' : 'ok')),
      );
      expect(results.every((replies) => replies.length > 0)).toBe(true);
      // Without serialisation, turns would collide on the eTag check and be refused ("still being processed").
      const refused = results.flat().filter((reply) => /masih diproses|still being processed/.test(reply.text ?? ''));
      expect(refused).toEqual([]);
      // The switch made in the middle must not have been overwritten by a concurrent turn.
      const after = await b.citizen(conversationId, userId).say('terima kasih');
      expect(after.every((reply) => reply.locale === 'en-MY')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
