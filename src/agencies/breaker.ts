/**
 * A circuit breaker per agency: when an agency is down, conversations get a fast "try again later"
 * instead of each waiting out its own timeouts, and the agency is not hammered while it recovers.
 *
 * closed → (N consecutive failures) → open → (resetAfterMs) → half-open: one trial request goes
 * through; success closes, failure opens again for another resetAfterMs.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (default 5). */
  failureThreshold?: number;
  /** How long it stays open before a trial request (default 30 000 ms). */
  resetAfterMs?: number;
  /** Injectable clock, milliseconds. */
  now?: () => number;
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly resetAfterMs: number;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  /** Set while open or half-open: when the breaker (last) opened. */
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetAfterMs = options.resetAfterMs ?? 30_000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new RangeError(`failureThreshold must be a whole number ≥ 1, got ${this.failureThreshold}`);
    }
    if (!Number.isFinite(this.resetAfterMs) || this.resetAfterMs < 0) {
      throw new RangeError(`resetAfterMs must be ≥ 0, got ${this.resetAfterMs}`);
    }
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    if (this.trialInFlight || this.now() - this.openedAt >= this.resetAfterMs) return 'half-open';
    return 'open';
  }

  /** Milliseconds until a trial request will be let through (0 when one may go now). */
  msUntilTrial(): number {
    if (this.openedAt === undefined) return 0;
    return Math.max(0, this.openedAt + this.resetAfterMs - this.now());
  }

  /**
   * Ask to send a request. Closed: yes. Open: no. Half-open: yes for exactly one trial, then no until
   * that trial reports back with recordSuccess or recordFailure.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** The agency answered (even a refusal means it is up). */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** The agency did not answer (network, timeout, 5xx). Returns true when this failure opened the breaker. */
  recordFailure(): boolean {
    if (this.openedAt !== undefined) {
      // A failed trial re-opens for a full period. A late failure from a request sent before the
      // breaker opened says nothing new, so it does not extend the open period.
      if (!this.trialInFlight) return false;
      this.trialInFlight = false;
      this.openedAt = this.now();
      return true;
    }
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures < this.failureThreshold) return false;
    this.openedAt = this.now();
    return true;
  }
}
