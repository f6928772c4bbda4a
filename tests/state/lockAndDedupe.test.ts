import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConversationLock, LockTimeoutError } from '../../src/state/conversationLock';
import { Deduplicator } from '../../src/state/dedupe';
import type { KeyValueStore } from '../../src/state/keyValueStore';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';
import { RedisKeyValueStore } from '../../src/state/redisKeyValueStore';
import { REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis';

const hasRedis = await redisAvailable();
const redis = hasRedis ? new Redis(REDIS_URL) : undefined;
afterAll(async () => {
  await redis?.quit();
});

const stores: Array<[string, () => KeyValueStore, boolean]> = [
  ['memory', () => new MemoryKeyValueStore(), true],
  ['redis', () => new RedisKeyValueStore(redis!, uniquePrefix('kv')), hasRedis],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(stores)('%s key-value store', (_name, make, enabled) => {
  it.runIf(enabled)('setIfAbsent is atomic: of many racers exactly one wins', async () => {
    const kv = make();
    const wins = await Promise.all(Array.from({ length: 20 }, () => kv.setIfAbsent('race', 'x', 30)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it.runIf(enabled)('deleteIfEquals only deletes the owner’s value', async () => {
    const kv = make();
    await kv.set('owned', 'token-a', 30);
    expect(await kv.deleteIfEquals('owned', 'token-b')).toBe(false);
    expect(await kv.get('owned')).toBe('token-a');
    expect(await kv.deleteIfEquals('owned', 'token-a')).toBe(true);
    expect(await kv.get('owned')).toBeNull();
  });

  it.runIf(enabled)('extendIfEquals renews only the owner’s lease', async () => {
    const kv = make();
    await kv.set('lease', 'token-a', 1);
    expect(await kv.extendIfEquals('lease', 'token-b', 30)).toBe(false);
    expect(await kv.extendIfEquals('lease', 'token-a', 30)).toBe(true);
    await sleep(1_200);
    expect(await kv.get('lease')).toBe('token-a');
    expect(await kv.extendIfEquals('missing', 'token-a', 30)).toBe(false);
  });

  it.runIf(enabled)('increment counts and lists keys by prefix', async () => {
    const kv = make();
    expect(await kv.increment('count:a', 30)).toBe(1);
    expect(await kv.increment('count:a', 30)).toBe(2);
    await kv.set('count:b', '5');
    expect((await kv.keys('count:')).sort()).toEqual(['count:a', 'count:b']);
  });

  it.runIf(enabled)('incrementAndGetEach counts each key on its own, reads each other key, and sets the expiry once', async () => {
    const kv = make();
    const b = `b-${Date.now()}-${Math.random()}`;
    await kv.set('hits:{a}:previous', '7');
    const entries = [
      { key: 'hits:{a}:current', ttlSeconds: 30, other: 'hits:{a}:previous' },
      { key: `hits:{${b}}:current`, ttlSeconds: 30, other: `hits:{${b}}:previous` },
    ];
    expect(await kv.incrementAndGetEach(entries)).toEqual([
      [1, '7'],
      [1, null],
    ]);
    expect(await kv.incrementAndGetEach(entries)).toEqual([
      [2, '7'],
      [2, null],
    ]);
    expect(await kv.incrementAndGetEach([entries[1]!])).toEqual([[3, null]]);
    expect(await kv.get('hits:{a}:current')).toBe('2');
    if (kv.kind === 'redis') {
      const [key] = await redis!.keys(`khidmat-test:kv:*hits:{${b}}:current`);
      expect(await redis!.ttl(key!)).toBeGreaterThan(25);
    }
  });

  it.runIf(enabled)('an expiring set: members added, renewed, removed, and gone once their time is up', async () => {
    const kv = make();
    await kv.addToSet('open', 'a', 30);
    await kv.addToSet('open', 'b', 1);
    await kv.addToSet('open', 'a', 30);
    expect((await kv.setMembers('open')).sort()).toEqual(['a', 'b']);
    await kv.removeFromSet('open', 'a');
    expect(await kv.setMembers('open')).toEqual(['b']);
    // A member given 1 s is gone after it; the memory store counts whole seconds from its creation,
    // rounded up (see StoreClock), so up to 2 s — waiting 1.1 s failed when the add fell after the first millisecond.
    await sleep(2_100);
    expect(await kv.setMembers('open')).toEqual([]);
    expect(await kv.setMembers('never-used')).toEqual([]);
  });

  it.runIf(enabled)('claimThenSetIfAbsent: a new mark claims and sets, a held key is taken, a claimed mark does nothing', async () => {
    const kv = make();
    const mark = (id: string) => ({ key: `seen:test:${id}`, ttlSeconds: 30 });
    expect(await kv.claimThenSetIfAbsent(mark('m1'), 'lease', 'token-a', 30)).toBe('set');
    expect(await kv.get('lease')).toBe('token-a');
    expect(await kv.claimThenSetIfAbsent(mark('m2'), 'lease', 'token-b', 30)).toBe('taken');
    expect(await kv.get('lease')).toBe('token-a');
    expect(await kv.get('seen:test:m2')).not.toBeNull();
    await kv.delete('lease');
    expect(await kv.claimThenSetIfAbsent(mark('m1'), 'lease', 'token-c', 30)).toBe('claimed-before');
    expect(await kv.get('lease')).toBeNull();
  });

  it.runIf(enabled)('claimThenSetIfAbsent reads keys along only when it set the key, and only on one Redis server', async () => {
    const kv = make();
    await kv.set('doc:a', 'A');
    const seen: Array<Array<string | null>> = [];
    const read = { keys: ['doc:a', 'doc:missing'], into: (values: Array<string | null>) => void seen.push(values) };
    expect(await kv.claimThenSetIfAbsent({ key: 'seen:r1', ttlSeconds: 30 }, 'lease-r', 'token-a', 30, read)).toBe('set');
    expect(await kv.claimThenSetIfAbsent({ key: 'seen:r2', ttlSeconds: 30 }, 'lease-r', 'token-b', 30, read)).toBe('taken');
    expect(await kv.claimThenSetIfAbsent({ key: 'seen:r1', ttlSeconds: 30 }, 'lease-s', 'token-c', 30, read)).toBe('claimed-before');
    // Memory has nothing to save by it: the caller reads as usual.
    expect(seen).toEqual(kv.kind === 'redis' ? [['A', null]] : []);
  });

  it.runIf(enabled)('runOnce runs a message once, even from another instance; a redelivery waiting behind the first finds it handled', async () => {
    const kv = make();
    const mark = new Deduplicator(kv).mark('activity', 'conv-1:act-1');
    const ran: string[] = [];
    const instanceA = new ConversationLock(kv, { pollMs: 5 });
    const instanceB = new ConversationLock(kv, { pollMs: 5 });
    const slow = async () => {
      ran.push('A');
      await sleep(60);
    };
    const results = await Promise.all([
      instanceA.runOnce('conv-1', mark, slow),
      instanceA.runOnce('conv-1', mark, async () => void ran.push('A again')),
      instanceB.runOnce('conv-1', mark, async () => void ran.push('B')),
    ]);
    expect(ran).toEqual(['A']);
    expect(results.map((result) => result.ran)).toEqual([true, false, false]);
    // Another message of the same conversation still runs, after the lease was given back.
    const next = await instanceB.runOnce('conv-1', new Deduplicator(kv).mark('activity', 'conv-1:act-2'), async () => 'second');
    expect(next).toEqual({ ran: true, value: 'second' });
  });

  it.runIf(enabled)('runOnce: a lease released in another step (with the state write) is not released again', async () => {
    const kv = make();
    const lock = new ConversationLock(kv, { pollMs: 5 });
    const deleteIfEquals = vi.spyOn(kv, 'deleteIfEquals');
    await lock.runOnce('conv-r', new Deduplicator(kv).mark('activity', 'conv-r:1'), async (lease) => {
      expect(lease.key).toBe('lock:conv-r');
      expect(await kv.deleteIfEquals(lease.key, lease.token)).toBe(true);
      lease.released();
    });
    expect(deleteIfEquals).toHaveBeenCalledTimes(1);
    // Not said released: the holder releases it, and the next turn gets the lock at once.
    await lock.runOnce('conv-r', new Deduplicator(kv).mark('activity', 'conv-r:2'), async () => undefined);
    expect(deleteIfEquals).toHaveBeenCalledTimes(2);
    expect(await kv.setIfAbsent('lock:conv-r', 'other', 30)).toBe(true);
  });

  it.runIf(enabled)('runOnce: a message that waited too long did not run and keeps its mark for the caller to forget', async () => {
    const kv = make();
    const dedupe = new Deduplicator(kv);
    const holder = new ConversationLock(kv);
    const waiter = new ConversationLock(kv, { waitMs: 80, pollMs: 10 });
    let release!: () => void;
    const held = holder.run('conv-2', () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(10);
    const work = vi.fn(async () => undefined);
    await expect(waiter.runOnce('conv-2', dedupe.mark('activity', 'conv-2:act-1'), work)).rejects.toBeInstanceOf(LockTimeoutError);
    expect(work).not.toHaveBeenCalled();
    expect(await dedupe.firstTime('activity', 'conv-2:act-1')).toBe(false);
    await dedupe.forget('activity', 'conv-2:act-1');
    release();
    await held;
    expect(await waiter.runOnce('conv-2', dedupe.mark('activity', 'conv-2:act-1'), work)).toEqual({ ran: true, value: undefined });
    expect(work).toHaveBeenCalledTimes(1);
  });

  it.runIf(enabled)('two turns of one conversation run one after the other, in arrival order', async () => {
    const kv = make();
    // Two lock objects = two bot processes sharing the store.
    const [first, second] = [new ConversationLock(kv, { pollMs: 5 }), new ConversationLock(kv, { pollMs: 5 })];
    const events: string[] = [];
    const turn = (lock: ConversationLock, name: string, ms: number) =>
      lock.run('web:conv-1', async () => {
        events.push(`${name}:start`);
        await sleep(ms);
        events.push(`${name}:end`);
      });
    await Promise.all([turn(first, 'a', 40), turn(first, 'b', 5), turn(second, 'c', 5)]);
    // No interleaving: every start is followed by its own end.
    for (let i = 0; i < events.length; i += 2) expect(events[i].split(':')[0]).toBe(events[i + 1].split(':')[0]);
    // Within one process the order of arrival is kept.
    expect(events.indexOf('a:start')).toBeLessThan(events.indexOf('b:start'));
  });

  it.runIf(enabled)('a turn waiting too long gets LockTimeoutError, and the lock is released after an error', async () => {
    const kv = make();
    const holder = new ConversationLock(kv, { pollMs: 5 });
    const waiter = new ConversationLock(kv, { pollMs: 5, waitMs: 30 });
    const held = holder.run('web:conv-2', () => sleep(120));
    await sleep(10);
    await expect(waiter.run('web:conv-2', async () => 'never')).rejects.toBeInstanceOf(LockTimeoutError);
    await held;
    await expect(holder.run('web:conv-2', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(waiter.run('web:conv-2', async () => 'ran')).resolves.toBe('ran');
  });

  it.runIf(enabled)('deduplicator: first time true, repeats false, forget lets a retry through', async () => {
    const dedupe = new Deduplicator(make());
    expect(await dedupe.firstTime('telegram', '1001')).toBe(true);
    expect(await dedupe.firstTime('telegram', '1001')).toBe(false);
    expect(await dedupe.firstTime('whatsapp', '1001')).toBe(true);
    await dedupe.forget('telegram', '1001');
    expect(await dedupe.firstTime('telegram', '1001')).toBe(true);
  });
});
