import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the Redis-backed tests can run. Without Redis they are skipped with a visible reason —
 * unless REQUIRE_REDIS=1 (CI), where a missing Redis must fail the run instead.
 */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but Redis does not answer at ${REDIS_URL}`);
    console.warn(`[skipped] Redis tests: no Redis at ${REDIS_URL} (set REDIS_URL, or REQUIRE_REDIS=1 to make this a failure)`);
    return false;
  } finally {
    probe.disconnect();
  }
}

export function uniquePrefix(name: string): string {
  return `khidmat-test:${name}:${process.pid}:${Date.now()}:`;
}
