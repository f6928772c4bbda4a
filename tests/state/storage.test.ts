import { Redis } from 'ioredis';
import type { Storage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/state/memoryStorage';
import { RedisStorage } from '../../src/state/redisStorage';
import { CREATE_ONLY, StaleWriteError, ttlByStateKind } from '../../src/state/storageErrors';
import { REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis';

const hasRedis = await redisAvailable();
let redis: Redis | undefined;
let clock = 1_000_000;

const backends: Array<[string, () => Storage, boolean]> = [
  ['memory', () => new MemoryStorage(ttlByStateKind(60, 3600), () => clock), true],
  ['redis', () => new RedisStorage(redis!, ttlByStateKind(60, 3600), uniquePrefix('storage')), hasRedis],
];

beforeAll(async () => {
  if (hasRedis) redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await redis?.quit();
});

describe.each(backends)('%s storage', (_name, make, enabled) => {
  it.runIf(enabled)('round-trips a document and hands back a fresh eTag', async () => {
    const storage = make();
    const doc: Record<string, unknown> = { lang: 'en', eTag: '*' };
    await storage.write({ 'web/users/u1/': doc });
    expect(typeof doc.eTag).toBe('string');
    expect(doc.eTag).not.toBe('*');
    const read = await storage.read(['web/users/u1/', 'web/users/missing/']);
    expect(read['web/users/u1/']).toMatchObject({ lang: 'en', eTag: doc.eTag });
    expect(read['web/users/missing/']).toBeUndefined();
  });

  it.runIf(enabled)('refuses a write carrying a stale eTag instead of silently overwriting', async () => {
    const storage = make();
    await storage.write({ 'web/conversations/c1/': { step: 1, eTag: '*' } });
    const first = (await storage.read(['web/conversations/c1/']))['web/conversations/c1/'];
    const second = (await storage.read(['web/conversations/c1/']))['web/conversations/c1/'];
    await storage.write({ 'web/conversations/c1/': { ...first, step: 2 } });
    await expect(storage.write({ 'web/conversations/c1/': { ...second, step: 99 } })).rejects.toBeInstanceOf(StaleWriteError);
    expect((await storage.read(['web/conversations/c1/']))['web/conversations/c1/']).toMatchObject({ step: 2 });
  });

  it.runIf(enabled)('create-only refuses when someone created the document first', async () => {
    const storage = make();
    await storage.write({ 'web/conversations/c2/': { owner: 'a', eTag: CREATE_ONLY } });
    await expect(storage.write({ 'web/conversations/c2/': { owner: 'b', eTag: CREATE_ONLY } })).rejects.toBeInstanceOf(StaleWriteError);
    expect((await storage.read(['web/conversations/c2/']))['web/conversations/c2/']).toMatchObject({ owner: 'a' });
  });

  it.runIf(enabled)('of two simultaneous writers from the same read, exactly one wins', async () => {
    const storage = make();
    await storage.write({ 'web/conversations/c3/': { n: 0, eTag: '*' } });
    const base = (await storage.read(['web/conversations/c3/']))['web/conversations/c3/'];
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => storage.write({ 'web/conversations/c3/': { ...base, n: i + 1 } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof StaleWriteError)).toBe(true);
  });

  it.runIf(enabled)('writes several documents all or nothing: one stale document refuses the whole write', async () => {
    const storage = make();
    await storage.write({ 'web/conversations/c4/': { step: 1, eTag: '*' }, 'web/users/u4/': { lang: 'ms', eTag: '*' } });
    const read = await storage.read(['web/conversations/c4/', 'web/users/u4/']);
    const conversation = read['web/conversations/c4/'];
    const user = read['web/users/u4/'];
    await storage.write({ 'web/users/u4/': { ...user, lang: 'en' } });
    const refused = await storage.write({ 'web/conversations/c4/': { ...conversation, step: 2 }, 'web/users/u4/': { ...user, lang: 'zh' } }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StaleWriteError);
    expect((refused as StaleWriteError).key).toBe('web/users/u4/');
    const after = await storage.read(['web/conversations/c4/', 'web/users/u4/']);
    expect(after['web/conversations/c4/']).toMatchObject({ step: 1, eTag: conversation.eTag });
    expect(after['web/users/u4/']).toMatchObject({ lang: 'en' });
    // Both current: both written, each handed its new eTag.
    const both = { 'web/conversations/c4/': { ...after['web/conversations/c4/'], step: 3 }, 'web/users/u4/': { ...after['web/users/u4/'], lang: 'ms' } };
    await storage.write(both);
    const last = await storage.read(['web/conversations/c4/', 'web/users/u4/']);
    expect(last['web/conversations/c4/']).toMatchObject({ step: 3, eTag: both['web/conversations/c4/'].eTag });
    expect(last['web/users/u4/']).toMatchObject({ lang: 'ms', eTag: both['web/users/u4/'].eTag });
  });

  it.runIf(enabled)('deletes', async () => {
    const storage = make();
    await storage.write({ 'web/users/u9/': { x: 1, eTag: '*' } });
    await storage.delete(['web/users/u9/']);
    expect(await storage.read(['web/users/u9/'])).toEqual({});
  });
});

describe('expiry', () => {
  it('memory: conversations expire after their TTL, user profiles live longer', async () => {
    const storage = new MemoryStorage(ttlByStateKind(60, 3600), () => clock);
    await storage.write({ 'web/conversations/c/': { a: 1, eTag: '*' }, 'web/users/u/': { b: 2, eTag: '*' } });
    clock += 61_000;
    const read = await storage.read(['web/conversations/c/', 'web/users/u/']);
    expect(read['web/conversations/c/']).toBeUndefined();
    expect(read['web/users/u/']).toMatchObject({ b: 2 });
  });

  it.runIf(hasRedis)('redis: keys carry the TTL of their kind', async () => {
    const prefix = uniquePrefix('ttl');
    const storage = new RedisStorage(redis!, ttlByStateKind(60, 3600), prefix);
    await storage.write({ 'web/conversations/c/': { a: 1 }, 'web/users/u/': { b: 2 } });
    const conversationTtl = await redis!.ttl(`${prefix}web/conversations/c/`);
    const userTtl = await redis!.ttl(`${prefix}web/users/u/`);
    expect(conversationTtl).toBeGreaterThan(50);
    expect(conversationTtl).toBeLessThanOrEqual(60);
    expect(userTtl).toBeGreaterThan(3500);
  });
});

describe('releasing a conversation lock with the write (redis)', () => {
  const commandsOf = (target: Redis, calls: string[]) =>
    new Proxy(target, {
      get(inner, property) {
        const value = Reflect.get(inner, property);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (typeof property === 'string' && !['on', 'once', 'emit', 'listeners', 'removeListener', 'duplicate'].includes(property)) calls.push(property);
          return (value as (...a: unknown[]) => unknown).apply(inner, args);
        };
      },
    });

  it.runIf(hasRedis)('writes both documents and releases the lock in one command, only for the lock\'s own token', async () => {
    const prefix = uniquePrefix('release');
    const calls: string[] = [];
    const storage = new RedisStorage(commandsOf(redis!, calls), ttlByStateKind(60, 3600), `${prefix}state:`, prefix);
    await redis!.set(`${prefix}lock:web:c5`, 'token-a', 'EX', 30);
    const changes = { 'web/conversations/c5/': { step: 1, eTag: CREATE_ONLY }, 'web/users/u5/': { lang: 'ms', eTag: CREATE_ONLY } };
    expect(await storage.writeReleasing(changes, { key: 'lock:web:c5', token: 'token-a' })).toBe(true);
    expect(calls).toEqual(['evalsha']);
    expect(await redis!.exists(`${prefix}lock:web:c5`)).toBe(0);
    const read = await storage.read(['web/conversations/c5/', 'web/users/u5/']);
    expect(read['web/conversations/c5/']).toMatchObject({ step: 1, eTag: changes['web/conversations/c5/'].eTag });
    expect(read['web/users/u5/']).toMatchObject({ lang: 'ms' });

    // A lease that is no longer ours (expired, taken by another instance) is left alone.
    await redis!.set(`${prefix}lock:web:c5`, 'token-b', 'EX', 30);
    expect(await storage.writeReleasing({ 'web/conversations/c5/': { ...read['web/conversations/c5/'], step: 2 } }, { key: 'lock:web:c5', token: 'token-a' })).toBe(false);
    expect(await redis!.get(`${prefix}lock:web:c5`)).toBe('token-b');
    expect((await storage.read(['web/conversations/c5/']))['web/conversations/c5/']).toMatchObject({ step: 2 });
  });

  it.runIf(hasRedis)('a stale write still releases the lock (the turn is over either way) and writes nothing', async () => {
    const prefix = uniquePrefix('release-stale');
    const storage = new RedisStorage(redis!, ttlByStateKind(60, 3600), `${prefix}state:`, prefix);
    await storage.write({ 'web/conversations/c6/': { step: 1 } });
    await redis!.set(`${prefix}lock:web:c6`, 'token-a', 'EX', 30);
    await expect(storage.writeReleasing({ 'web/conversations/c6/': { step: 9, eTag: 'not-the-current-etag' } }, { key: 'lock:web:c6', token: 'token-a' })).rejects.toBeInstanceOf(StaleWriteError);
    expect(await redis!.exists(`${prefix}lock:web:c6`)).toBe(0);
    expect((await storage.read(['web/conversations/c6/']))['web/conversations/c6/']).toMatchObject({ step: 1 });
  });
});

describe('Lua scripts by SHA', () => {
  it.runIf(hasRedis)('redis: a write sends only the script SHA, and after the server forgot the script it is sent once and the write happens once', async () => {
    const calls: string[] = [];
    const recording = new Proxy(redis!, {
      get(target, property) {
        if (property === 'evalsha' || property === 'eval') calls.push(property);
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const storage = new RedisStorage(recording, ttlByStateKind(60, 3600), uniquePrefix('sha'));
    const key = 'web/conversations/sha/';
    await storage.write({ [key]: { step: 1 } });
    calls.length = 0;
    const first = (await storage.read([key]))[key];
    await storage.write({ [key]: { ...first, step: 2 } });
    expect(calls).toEqual(['evalsha']);

    await redis!.script('FLUSH');
    calls.length = 0;
    const second = (await storage.read([key]))[key];
    await storage.write({ [key]: { ...second, step: 3 } });
    expect(calls).toEqual(['evalsha', 'eval']);
    const third = (await storage.read([key]))[key];
    expect(third).toMatchObject({ step: 3 });
    // The eTag check survived the fallback: the document read before the last write is stale now.
    await expect(storage.write({ [key]: { ...second, step: 4 } })).rejects.toBeInstanceOf(StaleWriteError);
  });
});
