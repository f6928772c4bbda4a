import { deleteKeys, luaScript, type RedisClient, scanKeys } from './redis';
import { Cluster } from 'ioredis';
import { overAnyLimit, type ClaimOutcome, type CountedKey, type DedupeMark, type KeyValueStore, type LimitAlong, type ReadAlong } from './keyValueStore';

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

// KEYS: mark, key, then ARGV[4] (counted, previous) pairs of rate limits, then keys to read once the
// key is set. ARGV: mark ttl, value, key ttl, number of pairs, then per pair: ttl, limit, weight.
// The pairs are counted first; past a limit (the count plus the previous bucket's times its weight,
// rounded down — windowCount in keyValueStore.ts) nothing is claimed.
// {3, counts}: a limit refused; {0, counts}: the mark existed; {1, counts}: only the mark was set;
// {2, counts, values}: both set, and the values read. counts: (count, previous) per pair.
const claimThenSetIfAbsent = luaScript(`
local counted = tonumber(ARGV[4])
local counts = {}
local limited = false
for i = 1, counted do
  local key, previous = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[2 + 3 * i]) end
  local before = redis.call('GET', previous)
  counts[2 * i - 1] = n
  counts[2 * i] = before
  if math.floor((tonumber(before) or 0) * tonumber(ARGV[4 + 3 * i])) + n > tonumber(ARGV[3 + 3 * i]) then limited = true end
end
if limited then return {3, counts} end
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return {0, counts} end
if not redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3], 'NX') then return {1, counts} end
local reads = 2 + 2 * counted
if #KEYS > reads then return {2, counts, redis.call('MGET', unpack(KEYS, reads + 1))} end
return {2, counts}
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

  async claimThenSetIfAbsent(mark: DedupeMark, key: string, value: string, ttlSeconds: number, read?: ReadAlong, limits?: LimitAlong): Promise<ClaimOutcome> {
    if (this.redis instanceof Cluster) {
      // The keys live in different slots: counted, then claimed, in steps of their own; nothing read along.
      if (limits) {
        const counts = await this.incrementAndGetEach(limits.entries);
        limits.into(counts);
        if (overAnyLimit(limits.entries, counts)) return 'limited';
      }
      if (!(await this.setIfAbsent(mark.key, '1', mark.ttlSeconds))) return 'claimed-before';
      return (await this.setIfAbsent(key, value, ttlSeconds)) ? 'set' : 'taken';
    }
    const counted = limits?.entries ?? [];
    const keys = [this.prefix + mark.key, this.prefix + key];
    const args: Array<string | number> = [mark.ttlSeconds, value, ttlSeconds, counted.length];
    for (const entry of counted) {
      keys.push(this.prefix + entry.key, this.prefix + entry.other);
      // String(weight) is the shortest text that parses back to the same double, so Lua computes what JS would.
      args.push(entry.ttlSeconds, entry.limit, String(entry.weight));
    }
    if (read) for (const other of read.keys) keys.push(this.prefix + other);
    const [outcome, counts, values] = (await claimThenSetIfAbsent(this.redis, keys, args)) as [number, Array<number | string | null>, Array<string | null>?];
    if (limits) limits.into(countPairs(counts, counted.length));
    if (outcome === 3) return 'limited';
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
    return countPairs(reply, entries.length);
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

/** A counting script's reply — each key's new count, then the other key's value, in turn — as pairs. */
function countPairs(reply: ReadonlyArray<number | string | null>, n: number): Array<[number, string | null]> {
  return Array.from({ length: n }, (_, i) => [Number(reply[2 * i]), (reply[2 * i + 1] as string | null) ?? null]);
}
