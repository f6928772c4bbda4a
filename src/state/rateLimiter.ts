import { createHash } from 'node:crypto';
import type { KeyValueStore } from './keyValueStore';

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
 * bucket weighted by how much of it still overlaps the window. That is one atomic INCR and one GET (one script on Redis),
 * with no burst of twice the limit at a bucket boundary (a plain fixed window allows that).
 * Caller ids are hashed: a WhatsApp user id is a phone number and has no business in a key name.
 */
export class RateLimiter {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(scope: string, callerId: string, rule: RateRule): Promise<RateDecision> {
    const windowMs = rule.windowSeconds * 1000;
    const now = this.now();
    const bucket = Math.floor(now / windowMs);
    const id = createHash('sha256').update(callerId).digest('base64url').slice(0, 22);
    // One hash tag per caller: both buckets live in one Redis Cluster slot, so one script reads them.
    const key = (b: number) => `rate:${scope}:{${id}}:${b}`;
    // Kept for two windows: the next bucket still reads this one as its "previous".
    const [current, previousRaw] = await this.store.incrementAndGet(key(bucket), rule.windowSeconds * 2, key(bucket - 1));
    const elapsed = (now - bucket * windowMs) / windowMs;
    const previous = Number(previousRaw ?? 0) || 0;
    const count = Math.floor(previous * (1 - elapsed)) + current;
    if (count <= rule.limit) return { allowed: true, count, limit: rule.limit, retryAfterSeconds: 0 };
    // By the end of this bucket the previous one no longer counts; a conservative, simple answer.
    const retryAfterSeconds = Math.max(1, Math.ceil(((bucket + 1) * windowMs - now) / 1000));
    return { allowed: false, count, limit: rule.limit, retryAfterSeconds };
  }
}
