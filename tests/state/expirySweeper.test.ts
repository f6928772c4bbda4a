import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expired, ExpirySweeper, StoreClock, type Expiring } from '../../src/state/expirySweeper';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';
import { MemoryStorage } from '../../src/state/memoryStorage';
import { ttlByStateKind } from '../../src/state/storageErrors';

afterEach(() => {
  vi.useRealTimers();
});

/** `now` in ms; expiry times, as the stores keep them, in seconds. */
function store(size: number, expiredEvery: number, now: number): Map<string, Expiring> {
  const entries = new Map<string, Expiring>();
  for (let i = 0; i < size; i += 1) entries.set(`k${i}`, { expiresAt: i % expiredEvery === 0 ? now / 1000 - 1 : i % 7 === 0 ? null : now / 1000 + 60 });
  return entries;
}

describe('StoreClock', () => {
  it('gives expiry times as whole seconds since the store was made, rounded up', () => {
    let wall = Date.parse('2026-11-29T08:00:00Z');
    const clock = new StoreClock(() => wall);
    wall += 5 * 86_400_000; // five days on
    expect(clock.now()).toBe(5 * 86_400_000);
    expect(clock.expiryAfter(24 * 60 * 60)).toBe(6 * 86_400);
    // V8 keeps an integer below 2^31 in the entry itself; a user's 180 days in ms, or any time since 1970 in ms, it boxes.
    expect(clock.expiryAfter(180 * 86_400)).toBeLessThan(2 ** 31);
    // Never early: written 1.5 s in with a 60-s TTL, alive until 62 s (60.5 s), expired at 62 s.
    wall += 1_500;
    const expiresAt = clock.expiryAfter(60);
    expect(expiresAt).toBe(5 * 86_400 + 62);
    wall += 60_499;
    expect(expired({ expiresAt }, clock.now())).toBe(false);
    wall += 1;
    expect(expired({ expiresAt }, clock.now())).toBe(true);
    // A TTL of 0 or less has expired already (Redis deletes a key given EXPIRE 0).
    expect(expired({ expiresAt: clock.expiryAfter(0) }, clock.now())).toBe(true);
  });

  it('keeps an entry\'s expiry in the entry: fewer heap bytes than a time since 1970', () => {
    // In a fresh Node with --expose-gc: 100,000 entries shaped like the stores', per entry.
    const bytesPerEntry = (expiry: string) =>
      Number(
        execFileSync(
          process.execPath,
          [
            '--expose-gc',
            '-r',
            'tsx/cjs',
            '-e',
            `const { StoreClock } = require('./src/state/expirySweeper');
             const clock = new StoreClock();
             global.gc(); const before = process.memoryUsage().heapUsed;
             const kept = [];
             for (let i = 0; i < 100000; i += 1) kept.push({ value: '1', expiresAt: ${expiry} });
             global.gc();
             process.stdout.write(String((process.memoryUsage().heapUsed - before) / kept.length));`,
          ],
          { cwd: join(__dirname, '../..'), encoding: 'utf8' },
        ),
      );
    const sinceTheStore = bytesPerEntry('clock.expiryAfter(180 * 86400)');
    const since1970 = bytesPerEntry('Date.now() + 180 * 86400 * 1000');
    // A boxed number is 16 bytes of its own (and an object for the collector); a small integer none.
    expect(since1970 - sinceTheStore).toBeGreaterThanOrEqual(12);
  });
});

describe('ExpirySweeper', () => {
  it('drops expired entries a slice at a time, a whole pass over about passMs', () => {
    const now = 1_000_000;
    const entries = store(10_000, 2, now);
    const sweeper = new ExpirySweeper(entries, () => now, { everyMs: 1_000, passMs: 10_000, minSlice: 100 });
    try {
      // A slice is a tenth of the store: 1,000 entries checked, every other one expired.
      const dropped = [sweeper.sweepSlice()];
      expect(dropped[0]).toBe(500);
      expect(entries.size).toBe(9_500);
      // A pass takes about passMs / everyMs = 10 slices (a few more here: the slice shrinks with the store).
      for (let slice = 0; slice < 20 && entries.size > 5_000; slice += 1) dropped.push(sweeper.sweepSlice());
      expect(entries.size).toBe(5_000);
      expect(dropped.length).toBeGreaterThanOrEqual(10);
      expect(dropped.length).toBeLessThanOrEqual(15);
      expect(Math.max(...dropped)).toBe(500);
    } finally {
      sweeper.close();
    }
  });

  it('resumes a pass over entries added and removed meanwhile, then starts the next pass', () => {
    let now = 1_000_000;
    const entries = store(3_000, 3, now);
    const sweeper = new ExpirySweeper(entries, () => now, { minSlice: 1_000, passMs: 1_000_000 });
    try {
      sweeper.sweepSlice();
      entries.delete('k2000');
      entries.set('late', { expiresAt: now / 1000 - 1 });
      sweeper.sweepSlice();
      sweeper.sweepSlice();
      expect(entries.has('late')).toBe(false);
      expect(entries.size).toBe(2_000 - 1);
      // Later, entries that were alive in the first pass expire: a new pass finds them.
      now += 120_000;
      sweeper.sweepSlice(); // the end of the first pass
      for (let i = 0; i < 3; i += 1) sweeper.sweepSlice();
      expect([...entries.values()].every((entry) => entry.expiresAt === null)).toBe(true);
    } finally {
      sweeper.close();
    }
  });

  it('runs by itself every second', () => {
    vi.useFakeTimers();
    const now = Date.now();
    const entries = store(100, 1, now);
    const sweeper = new ExpirySweeper(entries, () => now);
    try {
      vi.advanceTimersByTime(999);
      expect(entries.size).toBe(100);
      vi.advanceTimersByTime(1);
      expect(entries.size).toBe(0);
    } finally {
      sweeper.close();
    }
  });
});

describe('the in-process stores let go of what expired and is never read again', () => {
  it('MemoryStorage: an ended conversation\'s documents', async () => {
    vi.useFakeTimers();
    let clock = Date.now();
    const storage = new MemoryStorage(ttlByStateKind(60, 3600), () => clock);
    try {
      await storage.write({ 'web/conversations/ended/': { step: 'done', eTag: '*' }, 'web/users/u/': { lang: 'ms', eTag: '*' } });
      clock += 61_000;
      vi.advanceTimersByTime(1_000);
      const documents = Reflect.get(storage, 'documents') as Map<string, unknown>;
      expect([...documents.keys()]).toEqual(['web/users/u/']);
    } finally {
      storage.close();
    }
  });

  it('MemoryKeyValueStore: dedupe marks and rate counters past their time', async () => {
    vi.useFakeTimers();
    let clock = Date.now();
    const kv = new MemoryKeyValueStore(() => clock);
    try {
      await kv.setIfAbsent('seen:activity:c:1', '1', 60);
      await kv.increment('rate:user:u:1', 120);
      await kv.set('kept', 'v');
      clock += 121_000;
      vi.advanceTimersByTime(1_000);
      const entries = Reflect.get(kv, 'entries') as Map<string, unknown>;
      expect([...entries.keys()]).toEqual(['kept']);
    } finally {
      await kv.close();
    }
  });
});
