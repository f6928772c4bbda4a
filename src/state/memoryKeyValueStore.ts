import { expired, ExpirySweeper, StoreClock } from './expirySweeper';
import { flat } from './flatString';
import { overAnyLimit, type ClaimOutcome, type CountedKey, type DedupeMark, type KeyValueStore, type LimitAlong, type ReadAlong } from './keyValueStore';

interface Entry {
  value: string;
  expiresAt: number | null;
}

/**
 * In-process KeyValueStore with expiry. Expired entries are dropped on read and by a sweep, a slice a
 * second. Entries' keys and values are kept flat (see flat): a day of dedupe marks and counters is a lot of them.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  /** Expiring sets: member → expiry (see StoreClock). */
  private readonly sets = new Map<string, Map<string, number>>();
  private readonly sweeper: ExpirySweeper<Entry>;
  private readonly clock: StoreClock;

  constructor(now: () => number = Date.now) {
    this.clock = new StoreClock(now);
    this.sweeper = new ExpirySweeper(this.entries, this.clock.now);
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.put(key, value, ttlSeconds);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return this.setIfAbsentNow(key, value, ttlSeconds);
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.entries.delete(key);
    return true;
  }

  async extendIfEquals(key: string, expected: string, ttlSeconds: number): Promise<boolean> {
    const entry = this.live(key);
    if (entry?.value !== expected) return false;
    entry.expiresAt = this.clock.expiryAfter(ttlSeconds);
    return true;
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    return this.incrementNow(key, ttlSeconds);
  }

  async incrementAndGet(key: string, ttlSeconds: number, other: string): Promise<[number, string | null]> {
    return this.countNow({ key, ttlSeconds, other });
  }

  // The compound operations below run every request (rate limits, the turn's claim): done in one
  // step each, not by awaiting the single ones, which cost a promise and a turn of the queue apiece.
  async claimThenSetIfAbsent(mark: DedupeMark, key: string, value: string, ttlSeconds: number, _read?: ReadAlong, limits?: LimitAlong): Promise<ClaimOutcome> {
    if (limits) {
      const counts = limits.entries.map((entry) => this.countNow(entry));
      limits.into(counts);
      if (overAnyLimit(limits.entries, counts)) return 'limited';
    }
    if (!this.setIfAbsentNow(mark.key, '1', mark.ttlSeconds)) return 'claimed-before';
    return this.setIfAbsentNow(key, value, ttlSeconds) ? 'set' : 'taken';
  }

  async incrementAndGetEach(entries: readonly CountedKey[]): Promise<Array<[number, string | null]>> {
    return entries.map((entry) => this.countNow(entry));
  }

  async addToSet(key: string, member: string, ttlSeconds: number): Promise<void> {
    const members = this.sets.get(key) ?? new Map<string, number>();
    members.set(member, this.clock.expiryAfter(ttlSeconds));
    this.sets.set(key, members);
  }

  async removeFromSet(key: string, member: string): Promise<void> {
    this.sets.get(key)?.delete(member);
  }

  async setMembers(key: string): Promise<string[]> {
    const members = this.sets.get(key);
    if (!members) return [];
    const now = this.clock.now();
    for (const [member, expiresAt] of members) if (expired({ expiresAt }, now)) members.delete(member);
    return [...members.keys()];
  }

  async keys(prefix: string): Promise<string[]> {
    // Not [...entries.keys()]: the store holds every dedupe mark of the day; copying them all was the cost.
    const found: string[] = [];
    for (const key of this.entries.keys()) if (key.startsWith(prefix) && this.live(key)) found.push(key);
    return found;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.sweeper.close();
  }

  private setIfAbsentNow(key: string, value: string, ttlSeconds: number): boolean {
    if (this.live(key)) return false;
    this.put(key, value, ttlSeconds);
    return true;
  }

  private put(key: string, value: string, ttlSeconds: number | undefined): void {
    this.entries.set(flat(key), { value: flat(value), expiresAt: ttlSeconds ? this.clock.expiryAfter(ttlSeconds) : null });
  }

  private incrementNow(key: string, ttlSeconds: number): number {
    const entry = this.live(key);
    const next = (entry ? Number(entry.value) : 0) + 1;
    // Counted in place: a counter lives for its window, and a new entry each time was old garbage.
    if (entry) {
      entry.value = String(next);
      entry.expiresAt ??= this.clock.expiryAfter(ttlSeconds);
    } else this.entries.set(flat(key), { value: String(next), expiresAt: this.clock.expiryAfter(ttlSeconds) });
    return next;
  }

  /** `incrementAndGet`, synchronously. */
  private countNow({ key, ttlSeconds, other }: CountedKey): [number, string | null] {
    return [this.incrementNow(key, ttlSeconds), this.live(other)?.value ?? null];
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && expired(entry, this.clock.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
