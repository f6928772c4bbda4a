/**
 * The small key-value surface that dedupe, locks, rate limits and outboxes need. Two implementations:
 * memory (the default, one process) and Redis (REDIS_URL; shared by every instance).
 */
export interface KeyValueStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Atomic "SET NX EX": true when this call created the key. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /**
   * Claims `mark` (SET NX EX) and, only when that claim is new, `setIfAbsent(key, value, ttlSeconds)`
   * — one step on one Redis server (a Cluster takes two: the keys' slots differ). 'claimed-before':
   * the mark existed and nothing was done; 'set' / 'taken': the mark is now claimed and the key was
   * set by this call / was held already.
   */
  claimThenSetIfAbsent(mark: DedupeMark, key: string, value: string, ttlSeconds: number, read?: ReadAlong, limits?: LimitAlong): Promise<ClaimOutcome>;
  /** Deletes the key only while it still holds `expected` (releasing a lock we own). */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;
  /** Restarts the key's expiry only while it still holds `expected` (renewing a lease we own). */
  extendIfEquals(key: string, expected: string, ttlSeconds: number): Promise<boolean>;
  delete(...keys: string[]): Promise<void>;
  /** Atomic increment; the expiry is set when the key is created and not extended by later increments. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /**
   * `increment(key)` and `get(other)` in one step (one round trip on Redis). On a Redis Cluster both
   * keys must hash to one slot: give them the same `{hash tag}`.
   */
  incrementAndGet(key: string, ttlSeconds: number, other: string): Promise<[count: number, other: string | null]>;
  /**
   * Several `incrementAndGet`s at once (the per-address and per-citizen rate limits of one request):
   * one round trip on one Redis server; on a Cluster one per entry, as each entry's two keys share a
   * hash tag but the entries do not.
   */
  incrementAndGetEach(entries: readonly CountedKey[]): Promise<Array<[count: number, other: string | null]>>;
  /**
   * A set whose members each expire on their own (a Redis sorted set scored by expiry): an index that
   * is read whole without scanning the keyspace. `addToSet` adds or renews a member for `ttlSeconds`.
   */
  addToSet(key: string, member: string, ttlSeconds: number): Promise<void>;
  removeFromSet(key: string, member: string): Promise<void>;
  /** The members not yet expired (expired ones are dropped as they are read). */
  setMembers(key: string): Promise<string[]>;
  /** Keys starting with `prefix` (for operator listings and data deletion; not for hot paths). */
  keys(prefix: string): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What `claimThenSetIfAbsent` did; 'limited': a rate limit given along refused — counted, nothing claimed. */
export type ClaimOutcome = 'claimed-before' | 'set' | 'taken' | 'limited';

/** One `incrementAndGet` of `incrementAndGetEach`. */
export interface CountedKey {
  key: string;
  ttlSeconds: number;
  other: string;
}

/** A key whose existence says "already seen" (see Deduplicator). */
export interface DedupeMark {
  key: string;
  ttlSeconds: number;
}

/**
 * Keys to read in the same step as a successful `claimThenSetIfAbsent` (a turn's state documents and
 * its conversation's key in the officers' queue, read the moment its lock is taken: fewer commands per
 * turn). Only a store that can do it in that step (one Redis server) calls `into`; otherwise the
 * caller reads them as usual. If `into` throws, the store ignores it (the key stays set, so its
 * holder goes on and releases it).
 */
export interface ReadAlong {
  keys: readonly string[];
  into(values: Array<string | null>): void;
}

/**
 * Rate limits counted in the same step as `claimThenSetIfAbsent`, before anything is claimed (a
 * turn's per-address and per-citizen limits: one Redis command for both on one server). Each entry is
 * a sliding-window counter (see RateLimiter): `count` + the previous bucket's count × `weight`,
 * rounded down, must not exceed `limit`, or the claim answers 'limited' and claims nothing. `into`
 * gets every entry's (count, previous) whatever the outcome.
 */
export interface LimitAlong {
  entries: readonly LimitedKey[];
  into(counts: Array<[count: number, previous: string | null]>): void;
}

export interface LimitedKey extends CountedKey {
  limit: number;
  /** The share of the previous bucket still inside the window (0–1). */
  weight: number;
}

/** The sliding-window estimate of a limit's count (what the claim script computes in Lua too). */
export function windowCount(count: number, previous: string | null, weight: number): number {
  return Math.floor((Number(previous ?? 0) || 0) * weight) + count;
}

/** Whether a limit refuses, given each entry's (count, previous) — for the stores that count in JS. */
export function overAnyLimit(entries: readonly LimitedKey[], counts: ReadonlyArray<readonly [number, string | null]>): boolean {
  return entries.some((entry, i) => windowCount(counts[i]![0], counts[i]![1], entry.weight) > entry.limit);
}
