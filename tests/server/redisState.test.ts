import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startBot } from '../helpers/bot';
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
