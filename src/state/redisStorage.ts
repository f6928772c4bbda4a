import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { deleteKeys, getKeys, luaScript, type RedisClient, scanKeys } from './redis';
import { jsonToWrite, noteReadJson } from './documentJson';
import { CREATE_ONLY, StaleWriteError, type TtlPolicy } from './storageErrors';

/*
 * Each document is stored as "<eTag>\n<json>" so a read is one MGET (one GET per key in a cluster) and
 * the eTag check in the write script needs no JSON decoding. The script touches only KEYS[1] (one slot).
 * ARGV: expected eTag ('' or '*' = unconditional, CREATE_ONLY = only if absent), new eTag, json, ttl seconds (0 = none).
 */
const writeIfCurrent = luaScript(`
local current = redis.call('GET', KEYS[1])
local expected = ARGV[1]
if expected == '${CREATE_ONLY}' then
  if current then return 0 end
elseif expected ~= '' and expected ~= '*' then
  if not current then return 0 end
  local newline = string.find(current, '\\n', 1, true)
  if string.sub(current, 1, newline - 1) ~= expected then return 0 end
end
local value = ARGV[2] .. '\\n' .. ARGV[3]
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[1], value, 'EX', ARGV[4])
else
  redis.call('SET', KEYS[1], value)
end
return 1
`);

/** Botbuilder Storage over Redis with eTag optimistic concurrency (a stale write is refused) and expiry. */
export class RedisStorage implements Storage {
  constructor(
    private readonly redis: RedisClient,
    private readonly ttl: TtlPolicy = () => undefined,
    private readonly prefix = 'khidmat:state:',
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
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const expected: unknown = item?.eTag;
        const eTag = randomUUID();
        const written = await writeIfCurrent(
          this.redis,
          [this.prefix + key],
          [typeof expected === 'string' ? expected : '', eTag, jsonToWrite(item ?? {}), this.ttl(key) ?? 0],
        );
        if (written !== 1) throw new StaleWriteError(key);
        // Hand the new eTag back to the writer so its next write is checked against it.
        if (item) item.eTag = eTag;
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await deleteKeys(this.redis, keys.map((key) => this.prefix + key));
  }

  async keys(prefix: string): Promise<string[]> {
    const keys = await scanKeys(this.redis, `${this.prefix}${prefix}*`);
    return keys.map((key) => key.slice(this.prefix.length));
  }
}
