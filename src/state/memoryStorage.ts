import type { Storage, StoreItems } from 'botbuilder';
import { jsonToWrite, noteReadJson } from './documentJson';
import { expired, ExpirySweeper, StoreClock } from './expirySweeper';
import { flat } from './flatString';
import { CREATE_ONLY, StaleWriteError, type TtlPolicy } from './storageErrors';

interface Stored {
  json: string;
  /** Given to readers as a string; kept as a number, a small integer held in the entry itself. */
  eTag: number;
  expiresAt: number | null;
}

/**
 * Botbuilder Storage in process memory with the same eTag and expiry semantics as RedisStorage,
 * so the default run behaves like production minus durability.
 */
export class MemoryStorage implements Storage {
  private readonly documents = new Map<string, Stored>();
  /**
   * The last eTag given: a count, unique within this storage, which is all an eTag must be here (on
   * Redis several processes write, so there it is random). Not randomUUID: its string is built in
   * some twenty pieces, and, kept for the life of a document, that tree cost the collector more
   * than the document itself.
   */
  private lastETag = 0;
  // A conversation that ended is never read again: without a sweep its documents would stay for good.
  private readonly sweeper: ExpirySweeper<Stored>;
  private readonly clock: StoreClock;

  constructor(
    private readonly ttl: TtlPolicy = () => undefined,
    now: () => number = Date.now,
  ) {
    this.clock = new StoreClock(now);
    this.sweeper = new ExpirySweeper(this.documents, this.clock.now);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const stored = this.live(key);
      if (stored) {
        // A fresh object already: the eTag is added to it, not to a copy of it.
        const item = JSON.parse(stored.json);
        item.eTag = String(stored.eTag);
        noteReadJson(item, stored.json);
        items[key] = item;
      }
    }
    return items;
  }

  /** All or nothing, as on Redis: every eTag is checked before anything is written. */
  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    for (const [key, item] of entries) {
      const expected: string | undefined = item?.eTag;
      const current = this.live(key);
      if (expected === CREATE_ONLY ? current !== undefined : expected && expected !== '*' && (current === undefined || String(current.eTag) !== expected)) {
        throw new StaleWriteError(key);
      }
    }
    for (const [key, item] of entries) {
      const ttlSeconds = this.ttl(key);
      const eTag = (this.lastETag += 1);
      this.documents.set(flat(key), { json: flat(jsonToWrite(item ?? {})), eTag, expiresAt: ttlSeconds ? this.clock.expiryAfter(ttlSeconds) : null });
      // Hand the new eTag back to the writer so its next write is checked against it.
      if (item) item.eTag = String(eTag);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.documents.delete(key);
  }

  /** Keys with a given prefix (data deletion, operator views). */
  async keys(prefix: string): Promise<string[]> {
    return [...this.documents.keys()].filter((key) => key.startsWith(prefix) && this.live(key));
  }

  close(): void {
    this.sweeper.close();
  }

  private live(key: string): Stored | undefined {
    const stored = this.documents.get(key);
    if (stored && expired(stored, this.clock.now())) {
      this.documents.delete(key);
      return undefined;
    }
    return stored;
  }
}
