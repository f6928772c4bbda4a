import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/agencies/breaker';

function clocked(options: { failureThreshold?: number; resetAfterMs?: number } = {}) {
  const clock = { now: 1_000_000 };
  const breaker = new CircuitBreaker({ ...options, now: () => clock.now });
  return { breaker, clock };
}

function fail(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) {
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
  }
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and opens on the Nth consecutive failure', () => {
    const { breaker } = clocked({ failureThreshold: 3 });
    fail(breaker, 2);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.recordFailure()).toBe(true); // this one opened it
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('defaults to 5 consecutive failures and 30 s', () => {
    const { breaker, clock } = clocked();
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state).toBe('open');
    clock.now += 29_999;
    expect(breaker.state).toBe('open');
    clock.now += 1;
    expect(breaker.state).toBe('half-open');
  });

  it('counts only consecutive failures: a success in between starts the count again', () => {
    const { breaker } = clocked({ failureThreshold: 3 });
    fail(breaker, 2);
    breaker.recordSuccess();
    fail(breaker, 2);
    expect(breaker.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('after resetAfterMs lets exactly one trial through; success closes it', () => {
    const { breaker, clock } = clocked({ failureThreshold: 1, resetAfterMs: 1000 });
    fail(breaker, 1);
    expect(breaker.msUntilTrial()).toBe(1000);
    clock.now += 400;
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.msUntilTrial()).toBe(600);
    clock.now += 600;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true); // the trial
    expect(breaker.tryAcquire()).toBe(false); // everyone else waits for its verdict
    expect(breaker.state).toBe('half-open');
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a failed trial re-opens it for another full period', () => {
    const { breaker, clock } = clocked({ failureThreshold: 2, resetAfterMs: 1000 });
    fail(breaker, 2);
    clock.now += 1000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.recordFailure()).toBe(true);
    expect(breaker.state).toBe('open');
    clock.now += 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a late failure from a request sent before it opened does not extend the open period', () => {
    const { breaker, clock } = clocked({ failureThreshold: 1, resetAfterMs: 1000 });
    expect(breaker.tryAcquire()).toBe(true); // slow request A
    fail(breaker, 1); // request B fails and opens the breaker
    clock.now += 900;
    expect(breaker.recordFailure()).toBe(false); // A fails late
    clock.now += 100;
    expect(breaker.state).toBe('half-open');
  });

  it.each([
    [{ failureThreshold: 0 }],
    [{ failureThreshold: 1.5 }],
    [{ resetAfterMs: -1 }],
  ])('rejects a nonsensical configuration %j', (options) => {
    expect(() => new CircuitBreaker(options)).toThrow(RangeError);
  });
});
