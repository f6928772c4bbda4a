import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

/**
 * One Redis connection tuned for a webhook server: a command fails fast (maxRetriesPerRequest 1,
 * no offline queue) instead of hanging a turn while Redis is away; the connection itself keeps
 * reconnecting in the background (retryStrategy) so the bot recovers when Redis returns.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let reportedDown = false;
  redis.on('error', (err) => {
    if (!reportedDown) logger.warn({ err }, 'redis unavailable; turns fail soft until it returns');
    reportedDown = true;
  });
  redis.on('ready', () => {
    if (reportedDown) logger.info('redis available again');
    reportedDown = false;
  });
  return redis;
}

/** All keys matching `pattern`, by SCAN (never KEYS, which blocks the server). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}
