import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { Cluster } from 'ioredis';
import { deleteKeys, getKeys, luaScript, type RedisClient, scanKeys } from './redis';
import { jsonToWrite, noteReadJson } from './documentJson';
import { CREATE_ONLY, StaleWriteError, type TtlPolicy } from './storageErrors';

/*
 * Each document is stored as "<eTag>\n<json>" so a read is one MGET (one GET per key in a cluster) and
 * the eTag check in the write script needs no JSON decoding.
 *
 * KEYS: the documents, then (when ARGV[1] is not '') the conversation lock to release.
 * ARGV[1]: the lock's token ('' = no lock); then four per document: expected eTag ('' or '*' =
 * unconditional, CREATE_ONLY = only if absent), new eTag, json, ttl seconds (0 = none).
 * Every document is checked before any is written: all are written, or none. The lock is released
 * either way, only while it still holds the token. Reply: { the 1-based number of the first stale
 * document, or 0; 1 when the lock was released, else 0 }. On a Cluster the keys' slots differ: one
 * document per call and no lock.
 */
const writeAllIfCurrent = luaScript(`
local documents = #KEYS
if ARGV[1] ~= '' then documents = documents - 1 end
local stale = 0
for i = 1, documents do
  local expected = ARGV[4 * i - 2]
  local current = redis.call('GET', KEYS[i])
  if expected == '${CREATE_ONLY}' then
    if current then stale = i break end
  elseif expected ~= '' and expected ~= '*' then
    if not current then stale = i break end
    local newline = string.find(current, '\\n', 1, true)
    if string.sub(current, 1, newline - 1) ~= expected then stale = i break end
  end
end
if stale == 0 then
  for i = 1, documents do
    local value = ARGV[4 * i - 1] .. '\\n' .. ARGV[4 * i]
    local ttl = tonumber(ARGV[4 * i + 1])
    if ttl > 0 then
      redis.call('SET', KEYS[i], value, 'EX', ttl)
    else
      redis.call('SET', KEYS[i], value)
    end
  end
end
local released = 0
if ARGV[1] ~= '' and redis.call('GET', KEYS[#KEYS]) == ARGV[1] then
  redis.call('DEL', KEYS[#KEYS])
  released = 1
end
return { stale, released }
`);

/** Botbuilder Storage over Redis with eTag optimistic concurrency (a stale write is refused) and expiry. */
export class RedisStorage implements Storage {
  constructor(
    private readonly redis: RedisClient,
    private readonly ttl: TtlPolicy = () => undefined,
    private readonly prefix = 'khidmat:state:',
    /** The key-value store's prefix, for a conversation lock released along with a write. */
    private readonly kvPrefix = 'khidmat:',
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (!keys.length) return items;
    const values = await getKeys(this.redis, keys.map((key) => this.prefix + key));
    values.forEach((value, index) => {
      if (value !== null) items[keys[index]] = this.decode(value);
    });
    return items;
  }

  /** A document from its stored text ("<eTag>\n<json>"), as `read` returns it. */
  decode(stored: string): StoreItem {
    const newline = stored.indexOf('\n');
    const json = stored.slice(newline + 1);
    const item = { ...JSON.parse(json), eTag: stored.slice(0, newline) };
    noteReadJson(item, json);
    return item;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeReleasing(changes);
  }

  /**
   * `write`, all documents in one step on one server (all or none), releasing `lease` (a conversation
   * lock of the key-value store under `kvPrefix`) in that same step. Answers whether the lease was
   * released (false: it was no longer this holder's, or this is a Cluster — then each document is
   * written on its own, not all or none, and the lease is left to its holder).
   */
  async writeReleasing(changes: StoreItems, lease?: { key: string; token: string }): Promise<boolean> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return false;
    const written = entries.map(([key, item]) => ({ key, item, eTag: randomUUID() }));
    const argsOf = ({ key, item, eTag }: (typeof written)[number]) => {
      const expected: unknown = item?.eTag;
      return [typeof expected === 'string' ? expected : '', eTag, jsonToWrite(item ?? {}), this.ttl(key) ?? 0];
    };
    // Hand a new eTag back to its writer so its next write is checked against it.
    const handBack = ({ item, eTag }: (typeof written)[number]) => {
      if (item) item.eTag = eTag;
    };
    if (this.redis instanceof Cluster) {
      await Promise.all(
        written.map(async (document) => {
          const [stale] = (await writeAllIfCurrent(this.redis, [this.prefix + document.key], ['', ...argsOf(document)])) as [number, number];
          if (stale !== 0) throw new StaleWriteError(document.key);
          handBack(document);
        }),
      );
      return false;
    }
    const keys = written.map(({ key }) => this.prefix + key);
    if (lease) keys.push(this.kvPrefix + lease.key);
    const [stale, released] = (await writeAllIfCurrent(this.redis, keys, [lease?.token ?? '', ...written.flatMap(argsOf)])) as [number, number];
    // A stale write released the lease too (when it was still ours); its holder's release then finds nothing to do.
    if (stale !== 0) throw new StaleWriteError(written[stale - 1]!.key);
    written.forEach(handBack);
    return released === 1;
  }

  async delete(keys: string[]): Promise<void> {
    await deleteKeys(this.redis, keys.map((key) => this.prefix + key));
  }

  async keys(prefix: string): Promise<string[]> {
    const keys = await scanKeys(this.redis, `${this.prefix}${prefix}*`);
    return keys.map((key) => key.slice(this.prefix.length));
  }
}
