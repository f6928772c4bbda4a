import { createHash } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

/** One Redis server (or the primary Sentinel names), or a Redis Cluster: the same commands on both. */
export type RedisClient = Redis | Cluster;

/**
 * Per connection: a command fails fast instead of hanging a turn while Redis is away, and a command
 * whose answer was lost with the connection is not sent again after it returns — its caller has
 * already been told it failed, so a resent INCR or state write would happen behind its back.
 */
const redisOptions = {
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  commandTimeout: 2_000,
  autoResendUnfulfilledCommands: false,
};
/** The connection itself keeps coming back in the background, so the bot recovers when Redis returns. */
const reconnect = (attempt: number) => Math.min(attempt * 200, 2_000);

/**
 * The connection for a webhook server: no offline queue (a turn fails soft at once while Redis is
 * away), reconnecting by itself. A `redis+cluster://` URL gives a Cluster client, a
 * `redis+sentinel://` URL one that follows the primary, anything else one server.
 */
export function connectRedis(url: string, logger: Logger): RedisClient {
  const redis = createClient(url);
  let reportedDown = false;
  const down = (err: unknown) => {
    if (!reportedDown) logger.warn({ err }, 'redis unavailable; turns fail soft until it returns');
    reportedDown = true;
  };
  redis.on('error', down);
  // A cluster reports a lost node this way.
  redis.on('node error', down);
  redis.on('ready', () => {
    if (reportedDown) logger.info('redis available again');
    reportedDown = false;
  });
  return redis;
}

function createClient(url: string): RedisClient {
  const cluster = parseClusterUrl(url);
  if (cluster) {
    return new Cluster(cluster.nodes, {
      redisOptions: { ...redisOptions, ...cluster.redisOptions },
      enableOfflineQueue: false,
      lazyConnect: true,
      clusterRetryStrategy: reconnect,
      // No auto-pipelining on a cluster: ioredis 6 does not follow MOVED/ASK for a mixed batch during
      // a slot migration (redis/ioredis#2075), so commands would fail until the batch drained.
      enableAutoPipelining: false,
      // Replicas may lag: a turn must read the state its previous turn wrote.
      scaleReads: 'master',
      // With TLS the certificates name the hosts the cluster announces; connect to those names, not their IPs.
      ...(cluster.redisOptions.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
    });
  }
  if (url.startsWith('redis+cluster://')) throw new Error('REDIS_URL: malformed redis+cluster:// URL');
  // Auto-pipelining: commands issued in the same tick (a turn's lock, dedupe, rate-limit and state
  // reads; many turns at once) leave in one write instead of one syscall each.
  const single = { ...redisOptions, enableOfflineQueue: false, lazyConnect: true, retryStrategy: reconnect, enableAutoPipelining: true };
  const sentinel = parseSentinelUrl(url);
  // With Sentinel, ioredis asks the sentinels for the current primary and follows failovers.
  return sentinel ? new Redis({ ...single, ...sentinel }) : new Redis(url, single);
}

/**
 * A second connection for subscriber mode (pub/sub), which queues SUBSCRIBE until it is connected
 * and re-subscribes by itself after Redis comes back. In a cluster a publication reaches every node.
 */
export function subscriberConnection(redis: RedisClient): RedisClient {
  const override = { lazyConnect: false, enableOfflineQueue: true };
  return redis instanceof Cluster
    ? redis.duplicate([], { ...override, redisOptions: { commandTimeout: undefined } })
    : redis.duplicate({ ...override, commandTimeout: undefined });
}

/** All keys matching `pattern`, by SCAN (never KEYS, which blocks the server) — on every master of a cluster. */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  // A cluster node's SCAN sees only the slots that node serves.
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const perNode = await Promise.all(
    nodes.map(async (node) => {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        found.push(...batch);
      } while (cursor !== '0');
      return found;
    }),
  );
  // A slot moving between nodes mid-scan can show a key twice.
  return [...new Set(perNode.flat())];
}

/** GET of several keys: one MGET on one server; in a cluster one GET each (keys of different slots cannot share a command). */
export async function getKeys(redis: RedisClient, keys: string[]): Promise<Array<string | null>> {
  if (!keys.length) return [];
  return redis instanceof Cluster ? Promise.all(keys.map((key) => redis.get(key))) : redis.mget(...keys);
}

/** DEL of several keys: one command on one server; in a cluster one DEL each, for the same reason. */
export async function deleteKeys(redis: RedisClient, keys: string[]): Promise<void> {
  if (!keys.length) return;
  if (redis instanceof Cluster) await Promise.all(keys.map((key) => redis.del(key)));
  else await redis.del(...keys);
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

/**
 * `redis+cluster://[[user]:password@]host:port[,host:port…][?tls=1]` — some nodes of the cluster
 * (ioredis discovers the rest). Undefined for any other URL, or a malformed one (no node, a bad port).
 */
export function parseClusterUrl(url: string):
  | { nodes: Array<{ host: string; port: number }>; redisOptions: { username?: string; password?: string; tls?: object } }
  | undefined {
  const match = /^redis\+cluster:\/\/(?:([^:@/]*):([^@/]*)@)?([^/?@]+)\/?(?:\?(.*))?$/.exec(url);
  if (!match) return undefined;
  const [, username, password, hosts, query] = match;
  const nodes = hosts.split(',').map((hostPort) => /^([\w.-]+)(?::(\d{1,5}))?$/.exec(hostPort));
  if (nodes.some((node) => !node || Number(node[2] ?? 6379) < 1 || Number(node[2] ?? 6379) > 65535)) return undefined;
  const tls = new URLSearchParams(query ?? '').get('tls') === '1' ? {} : undefined;
  return {
    nodes: nodes.map((node) => ({ host: node![1], port: Number(node![2] ?? 6379) })),
    redisOptions: {
      ...(username ? { username: decodeURIComponent(username) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
      ...(tls ? { tls } : {}),
    },
  };
}

/**
 * A Lua script run by its SHA (EVALSHA): the source crosses the wire only when a server does not know
 * it yet (NOSCRIPT: after a restart, or on a cluster node that never ran it) — then once by EVAL, which
 * also caches it there. NOSCRIPT means the script did not run, so falling back cannot run it twice.
 */
export function luaScript(source: string): (redis: RedisClient, keys: string[], args: Array<string | number>) => Promise<unknown> {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error | undefined)?.message).startsWith('NOSCRIPT')) throw err;
      return redis.eval(source, keys.length, ...keys, ...args);
    }
  };
}
