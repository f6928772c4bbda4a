import type { Storage, StoreItem } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { ConversationLock } from './conversationLock';
import { Deduplicator } from './dedupe';
import type { KeyValueStore } from './keyValueStore';
import { MemoryKeyValueStore } from './memoryKeyValueStore';
import { MemoryStorage } from './memoryStorage';
import { connectRedis, type RedisClient } from './redis';
import { RedisKeyValueStore } from './redisKeyValueStore';
import { RedisStorage } from './redisStorage';
import { ttlByStateKind } from './storageErrors';

/** Everything durable the bot needs, on memory (default) or on Redis when REDIS_URL is set. */
export interface StateBackend {
  readonly kind: 'memory' | 'redis';
  readonly storage: Storage & { keys(prefix: string): Promise<string[]> };
  readonly kv: KeyValueStore;
  readonly lock: ConversationLock;
  readonly dedupe: Deduplicator;
  readonly redis?: RedisClient;
  /**
   * How a turn's state documents can be read along with its conversation lock (see ReadAlong): the
   * key-value name of a storage key, and a document from its stored text. Redis only.
   */
  readonly stateReadAlong?: { kvKey(storageKey: string): string; decode(stored: string): StoreItem };
  /** Throws when storage cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function createStateBackend(
  config: Pick<Config, 'REDIS_URL' | 'CONVERSATION_TTL_SECONDS' | 'USER_TTL_SECONDS'>,
  logger: Logger,
  options: { keyPrefix?: string } = {},
): Promise<StateBackend> {
  const ttl = ttlByStateKind(config.CONVERSATION_TTL_SECONDS, config.USER_TTL_SECONDS);
  const prefix = options.keyPrefix ?? 'khidmat:';
  if (!config.REDIS_URL) {
    const kv = new MemoryKeyValueStore();
    const storage = new MemoryStorage(ttl);
    return {
      kind: 'memory',
      storage,
      kv,
      lock: new ConversationLock(kv),
      dedupe: new Deduplicator(kv),
      ping: () => kv.ping(),
      close: async () => {
        storage.close();
        await kv.close();
      },
    };
  }
  const redis = connectRedis(config.REDIS_URL, logger);
  await redis.connect();
  const kv = new RedisKeyValueStore(redis, prefix);
  // The storage's keys are the key-value store's, under "state:".
  const storage = new RedisStorage(redis, ttl, `${prefix}state:`, prefix);
  return {
    kind: 'redis',
    storage,
    stateReadAlong: { kvKey: (storageKey) => `state:${storageKey}`, decode: (stored) => storage.decode(stored) },
    kv,
    lock: new ConversationLock(kv),
    dedupe: new Deduplicator(kv),
    redis,
    ping: () => kv.ping(),
    close: () => kv.close(),
  };
}
