import { hashedId } from './hashedId';
import { windowCount, type KeyValueStore, type LimitedKey } from './keyValueStore';

/** At most `limit` requests per `windowSeconds`. */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The estimated number of requests in the sliding window, this one included. */
  count: number;
  limit: number;
  /** When refused: seconds until the caller may try again (≥ 1). 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts requests per caller in a sliding window, on the KeyValueStore — so on Redis every instance
 * shares one count, and a citizen cannot get around the limit by landing on another instance.
 *
 * The window is approximated the way Cloudflare does it: the current fixed bucket plus the previous
 * bucket weighted by how much of it still overlaps the window. That is one atomic INCR and one GET (one script on Redis,
 * or part of the script that claims a turn — see LimitAlong),
 * with no burst of twice the limit at a bucket boundary (a plain fixed window allows that).
 * Caller ids are hashed: a WhatsApp user id is a phone number and has no business in a key name.
 */
export class RateLimiter {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(scope: string, callerId: string, rule: RateRule): Promise<RateDecision> {
    return (await this.hitEach([{ scope, callerId, rule }]))[0]!;
  }

  /** Several limits for one request (per address, per citizen) in one round trip to the store. */
  async hitEach(checks: readonly RateCheck[]): Promise<RateDecision[]> {
    const plan = this.plan(checks);
    return plan.judge(await this.store.incrementAndGetEach(plan.entries));
  }

  /**
   * `hitEach` in two halves, for a caller that counts in a store step doing other work too (a turn's
   * claim, see LimitAlong): the counters to increment, and the decisions from their counts.
   */
  plan(checks: readonly RateCheck[]): RatePlan {
    const now = this.now();
    const windows = checks.map(({ scope, callerId, rule }) => {
      const windowMs = rule.windowSeconds * 1000;
      const bucket = Math.floor(now / windowMs);
      const id = hashedId(callerId);
      // One hash tag per caller: both buckets live in one Redis Cluster slot, so one script reads them.
      const key = (b: number) => `rate:${scope}:{${id}}:${b}`;
      // The previous bucket counts for the share of it still inside the window.
      const weight = 1 - (now - bucket * windowMs) / windowMs;
      // Kept for two windows: the next bucket still reads this one as its "previous".
      return { rule, windowMs, bucket, counted: { key: key(bucket), ttlSeconds: rule.windowSeconds * 2, other: key(bucket - 1), limit: rule.limit, weight } };
    });
    return {
      entries: windows.map((window) => window.counted),
      judge: (counts) =>
        windows.map(({ rule, windowMs, bucket, counted }, i) => {
          const [current, previous] = counts[i]!;
          const count = windowCount(current, previous, counted.weight);
          if (count <= rule.limit) return { allowed: true, count, limit: rule.limit, retryAfterSeconds: 0 };
          // By the end of this bucket the previous one no longer counts; a conservative, simple answer.
          const retryAfterSeconds = Math.max(1, Math.ceil(((bucket + 1) * windowMs - now) / 1000));
          return { allowed: false, count, limit: rule.limit, retryAfterSeconds };
        }),
    };
  }
}

export interface RateCheck {
  scope: string;
  callerId: string;
  rule: RateRule;
}

/** A request's limits: the counters to increment, and the decisions from what they counted. */
export interface RatePlan {
  entries: LimitedKey[];
  judge(counts: ReadonlyArray<readonly [number, string | null]>): RateDecision[];
}
