/** An entry of an in-process store: when it expires (see StoreClock), or null for never. */
export interface Expiring {
  expiresAt: number | null;
}

/**
 * An in-process store's clock. Expiry times are whole seconds since the store was made, rounded up:
 * an entry lives its TTL and at most a second more. V8 keeps a small integer (below 2^31) in the
 * entry itself but any other number in a box, an object of its own for the collector to mark and
 * move; and once every entry of a shape has held a number in a field, one large number there boxes
 * that field in all of them. A time since 1970 in milliseconds is past 2^31, and so is a 180-day TTL
 * in milliseconds.
 */
export class StoreClock {
  private readonly epoch: number;

  constructor(private readonly wallClock: () => number = Date.now) {
    this.epoch = wallClock();
  }

  /** Milliseconds since the store was made: what `expired` compares an expiry with. */
  readonly now = (): number => this.wallClock() - this.epoch;

  /** The expiry time of something written now that lives `ttlSeconds` (0 or less: expired already, as on Redis). */
  expiryAfter(ttlSeconds: number): number {
    return ttlSeconds > 0 ? Math.ceil(this.now() / 1000 + ttlSeconds) : Math.floor(this.now() / 1000);
  }
}

/** Whether `entry` has expired at `now` (ms on its store's clock): what a store's read and the sweep both ask. */
export function expired(entry: Expiring, now: number): boolean {
  return entry.expiresAt !== null && entry.expiresAt * 1000 <= now;
}

export interface ExpirySweeperOptions {
  /** How often a slice is swept. */
  everyMs?: number;
  /**
   * About how long a whole pass over a large store takes: a slice is the store's size × everyMs /
   * passMs (with the defaults, for a store of more than 60,000 entries; a smaller one is passed over faster).
   */
  passMs?: number;
  /** The smallest slice, so a small store is passed over quickly. */
  minSlice?: number;
}

/**
 * Drops the expired entries of an in-process Map a slice at a time. An entry that is never read
 * again (a conversation that ended, a dedupe mark) is otherwise kept for good, and a store holding a
 * busy day of them is not walked in one pause. A Map iterator survives changes to its Map (deleted
 * entries are skipped, added ones visited), so each slice resumes where the last one stopped.
 */
export class ExpirySweeper<V extends Expiring> {
  private cursor?: Iterator<[string, V]>;
  private readonly timer: NodeJS.Timeout;
  private readonly everyMs: number;
  private readonly passMs: number;
  private readonly minSlice: number;

  constructor(
    private readonly entries: Map<string, V>,
    private readonly now: () => number,
    options: ExpirySweeperOptions = {},
  ) {
    this.everyMs = options.everyMs ?? 1_000;
    this.passMs = options.passMs ?? 60_000;
    this.minSlice = options.minSlice ?? 1_000;
    this.timer = setInterval(() => this.sweepSlice(), this.everyMs);
    this.timer.unref();
  }

  /** Checks the next slice of entries; returns how many expired ones it dropped. */
  sweepSlice(): number {
    const slice = Math.max(this.minSlice, Math.ceil((this.entries.size * this.everyMs) / this.passMs));
    const now = this.now();
    this.cursor ??= this.entries.entries();
    let dropped = 0;
    for (let checked = 0; checked < slice; checked += 1) {
      const next = this.cursor.next();
      if (next.done) {
        // The pass is over; the next slice starts another.
        this.cursor = undefined;
        break;
      }
      const [key, entry] = next.value;
      if (expired(entry, now)) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
