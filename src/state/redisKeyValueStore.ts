import { deleteKeys, luaScript, type RedisClient, scanKeys } from './redis';
import { Cluster } from 'ioredis';
import type { CountedKey, DedupeMark, KeyValueStore, ReadAlong } from './keyValueStore';

// Each script touches only KEYS[1] (or keys its caller gave one hash tag), so it runs on one slot in a cluster too.
const deleteIfEquals = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`);
const extendIfEquals = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) else return 0 end`);
const incrementWithTtl = luaScript(`local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n`);
const incrementAndGetOther = luaScript(
  `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return {n, redis.call('GET', KEYS[2])}`,
);

// KEYS are (counted, other) pairs, ARGV one ttl per pair; the reply is (count, other's value) per pair.
const incrementAndGetPairs = luaScript(`
local out = {}
for i = 1, #KEYS / 2 do
  local n = redis.call('INCR', KEYS[2 * i - 1])
  if n == 1 then redis.call('EXPIRE', KEYS[2 * i - 1], ARGV[i]) end
  out[2 * i - 1] = n
  out[2 * i] = redis.call('GET', KEYS[2 * i])
end
return out
`);

// KEYS: mark, key, then keys to read once the key is set. ARGV: mark ttl, value, key ttl.
// {0}: the mark existed; {1}: only the mark was set; {2, values}: both set, and the values read.
const claimThenSetIfAbsent = luaScript(`
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return {0} end
if not redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3], 'NX') then return {1} end
if #KEYS > 2 then return {2, redis.call('MGET', unpack(KEYS, 3))} end
return {2}
`);

// KEYS[1]: a sorted set scored by expiry (ms). ARGV[1]: now (ms). Drops the expired, returns the rest.
const liveMembers = luaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)
`);

/** KeyValueStore over Redis; every key is namespaced by `prefix` so several deployments can share a server. */
export class RedisKeyValueStore implements KeyValueStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'khidmat:',
  ) {}

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    if (ttlSeconds) await this.redis.set(this.prefix + key, value, 'EX', ttlSeconds);
    else await this.redis.set(this.prefix + key, value);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, value, 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    return (await deleteIfEquals(this.redis, [this.prefix + key], [expected])) === 1;
  }

  async extendIfEquals(key: string, expected: string, ttlSeconds: number): Promise<boolean> {
    return (await extendIfEquals(this.redis, [this.prefix + key], [expected, ttlSeconds])) === 1;
  }

  async delete(...keys: string[]): Promise<void> {
    await deleteKeys(this.redis, keys.map((key) => this.prefix + key));
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    return Number(await incrementWithTtl(this.redis, [this.prefix + key], [ttlSeconds]));
  }

  async incrementAndGet(key: string, ttlSeconds: number, other: string): Promise<[number, string | null]> {
    const [count, value] = (await incrementAndGetOther(this.redis, [this.prefix + key, this.prefix + other], [ttlSeconds])) as [number, string | null];
    return [Number(count), value ?? null];
  }

  async claimThenSetIfAbsent(mark: DedupeMark, key: string, value: string, ttlSeconds: number, read?: ReadAlong): Promise<'claimed-before' | 'set' | 'taken'> {
    if (this.redis instanceof Cluster) {
      // The keys live in different slots: two steps, and nothing read along.
      if (!(await this.setIfAbsent(mark.key, '1', mark.ttlSeconds))) return 'claimed-before';
      return (await this.setIfAbsent(key, value, ttlSeconds)) ? 'set' : 'taken';
    }
    const keys = [this.prefix + mark.key, this.prefix + key, ...(read?.keys ?? []).map((other) => this.prefix + other)];
    const [outcome, values] = (await claimThenSetIfAbsent(this.redis, keys, [mark.ttlSeconds, value, ttlSeconds])) as [number, Array<string | null>?];
    if (outcome === 0) return 'claimed-before';
    if (outcome === 1) return 'taken';
    try {
      if (read && values) read.into(values.map((found) => found ?? null));
    } catch {
      // The key is set either way; a reader that cannot use what it read reads again later itself.
    }
    return 'set';
  }

  async incrementAndGetEach(entries: readonly CountedKey[]): Promise<Array<[number, string | null]>> {
    // A Cluster spreads the entries over slots; a script may only touch one.
    if (entries.length === 1 || this.redis instanceof Cluster) return Promise.all(entries.map(({ key, ttlSeconds, other }) => this.incrementAndGet(key, ttlSeconds, other)));
    const reply = (await incrementAndGetPairs(
      this.redis,
      entries.flatMap(({ key, other }) => [this.prefix + key, this.prefix + other]),
      entries.map(({ ttlSeconds }) => ttlSeconds),
    )) as Array<number | string | null>;
    return entries.map((_, i) => [Number(reply[2 * i]), (reply[2 * i + 1] as string | null) ?? null]);
  }

  async addToSet(key: string, member: string, ttlSeconds: number): Promise<void> {
    await this.redis.zadd(this.prefix + key, Date.now() + ttlSeconds * 1000, member);
  }

  async removeFromSet(key: string, member: string): Promise<void> {
    await this.redis.zrem(this.prefix + key, member);
  }

  async setMembers(key: string): Promise<string[]> {
    return (await liveMembers(this.redis, [this.prefix + key], [Date.now()])) as string[];
  }

  async keys(prefix: string): Promise<string[]> {
    const keys = await scanKeys(this.redis, `${this.prefix}${prefix}*`);
    return keys.map((key) => key.slice(this.prefix.length));
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
