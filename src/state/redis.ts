import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

/**
 * One Redis connection tuned for a webhook server: a command fails fast (maxRetriesPerRequest 1,
 * no offline queue) instead of hanging a turn while Redis is away; the connection itself keeps
 * reconnecting in the background (retryStrategy) so the bot recovers when Redis returns.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const options = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    lazyConnect: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
  const sentinel = parseSentinelUrl(url);
  // With Sentinel, ioredis asks the sentinels for the current primary and follows failovers.
  const redis = sentinel ? new Redis({ ...options, ...sentinel }) : new Redis(url, options);
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

/**
 * `redis+sentinel://[:password@]host:port[,host:port…]/primaryName[?tls=1]` — the sentinels to ask
 * and the name of the primary they watch. Undefined for an ordinary redis:// or rediss:// URL.
 */
export function parseSentinelUrl(url: string):
  | { sentinels: Array<{ host: string; port: number }>; name: string; password?: string; sentinelPassword?: string; tls?: object; sentinelTLS?: object; enableTLSForSentinelMode?: boolean }
  | undefined {
  const match = /^redis\+sentinel:\/\/(?:(?:[^:@/]*):([^@/]*)@)?([^/?]+)\/([^/?]+)(?:\?(.*))?$/.exec(url);
  if (!match) return undefined;
  const [, password, hosts, name, query] = match;
  const sentinels = hosts.split(',').map((hostPort) => {
    const [host, port] = hostPort.split(':');
    return { host, port: Number(port || 26379) };
  });
  const tls = new URLSearchParams(query ?? '').get('tls') === '1' ? {} : undefined;
  return {
    sentinels,
    name: decodeURIComponent(name),
    ...(password ? { password: decodeURIComponent(password), sentinelPassword: decodeURIComponent(password) } : {}),
    ...(tls ? { tls, sentinelTLS: tls, enableTLSForSentinelMode: true } : {}),
  };
}
