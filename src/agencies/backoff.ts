/**
 * How long to wait before retrying an agency call. Full jitter (a random wait between 0 and an
 * exponentially growing ceiling) spreads the retries of many conversations apart, so a recovering
 * agency is not hit by every waiting citizen in the same instant.
 */

export interface BackoffPolicy {
  /** Ceiling of the first retry's wait; doubles with each retry. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

/** Wait before retry number `retry` (0 for the first retry). */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds: delta-seconds ("120") or an HTTP date. Undefined when absent or
 * unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
