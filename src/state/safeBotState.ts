import { BotState, type StatePropertyAccessor, type Storage, type StoreItem, type StoreItems, type TurnContext } from 'botbuilder';
import type { HeldLease } from './conversationLock';
import { noteWriteJson, readJsonOf } from './documentJson';
import { CREATE_ONLY } from './storageErrors';

const PREFETCHED = Symbol('khidmat.prefetchedState');
const RELEASE_ALONG = Symbol('khidmat.releaseAlong');

/**
 * A storage that can release the turn's conversation lock in the step that writes its documents
 * (RedisStorage on one server): `writeReleasing` answers whether it did (false — the lease was no
 * longer this turn's, or the storage could not — and the holder releases it as usual).
 */
export interface ReleasingStorage extends Storage {
  writeReleasing(changes: StoreItems, lease: { key: string; token: string }): Promise<boolean>;
}

/** The document as read, and its JSON (eTag left out) to tell at save time whether the turn changed it. */
type CachedState = { state: Record<string, unknown> & { eTag?: string }; hash: string };

/**
 * BotState that writes back with the eTag it read (botbuilder's own saveChanges always writes '*',
 * last write wins). A document that was absent is written create-only. If another writer got there
 * first the storage throws StaleWriteError instead of silently discarding their change.
 *
 * Change detection compares the document's JSON, not a SHA-256 of it as botbuilder does: the state
 * is plain JSON already, and hashing it twice per load and save was a measurable share of a turn.
 */
export class SafeBotState extends BotState {
  constructor(storage: Storage, storageKey: (context: TurnContext) => string) {
    super(storage, (context) => Promise.resolve(storageKey(context)));
  }

  private get cacheKey(): symbol {
    return (this as unknown as { stateKey: symbol }).stateKey;
  }

  /** A property of the state, read and written as botbuilder's accessor does, in native async (see PropertyAccessor). */
  override createProperty<T = any>(name: string): StatePropertyAccessor<T> {
    return new PropertyAccessor<T>(this, name);
  }

  override async load(context: TurnContext, force = false): Promise<any> {
    const cached = context.turnState.get(this.cacheKey) as CachedState | undefined;
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    return this.remember(context, items[key]);
  }

  /**
   * Loads the states a turn needs that are not loaded yet, in one storage read when they share a
   * storage (one round trip on Redis instead of one per state).
   */
  static async loadAll(context: TurnContext, states: readonly SafeBotState[]): Promise<void> {
    const missing = states.filter((state) => !(context.turnState.get(state.cacheKey) as CachedState | undefined)?.state);
    if (missing.length === 0) return;
    const storage = missing[0]!.storage;
    if (missing.some((state) => state.storage !== storage)) {
      await Promise.all(missing.map((state) => state.load(context)));
      return;
    }
    const keys = await Promise.all(missing.map((state) => state.storageKey(context)));
    const prefetched = context.turnState.get(PREFETCHED) as ReadonlyMap<string, StoreItem | undefined> | undefined;
    context.turnState.delete(PREFETCHED);
    const items = prefetched && keys.every((key) => prefetched.has(key)) ? Object.fromEntries(keys.map((key) => [key, prefetched.get(key)])) : await storage.read(keys);
    missing.forEach((state, i) => state.remember(context, items[keys[i]!]));
  }

  /**
   * Documents read for this turn before it ran — with its conversation lock, in the same Redis step
   * (see ReadAlong) — by storage key; `loadAll` takes them instead of reading, once.
   */
  static prefetched(context: TurnContext, documents: ReadonlyMap<string, StoreItem | undefined>): void {
    context.turnState.set(PREFETCHED, documents);
  }

  /**
   * The turn's conversation lock, to be released by the storage in the step that saves the turn's
   * documents (one Redis command instead of two). Only `saveAll` uses it, and only once.
   */
  static releaseAlong(context: TurnContext, lease: HeldLease): void {
    context.turnState.set(RELEASE_ALONG, lease);
  }

  /**
   * Saves the states the turn changed in one storage write when they share a storage: on one Redis
   * server one command for both documents, all or nothing (as in memory) — a stale document refuses
   * the whole write, so a turn is not half saved (a Redis Cluster writes each on its own). The
   * storage may release the turn's lock in that same step (see `releaseAlong`).
   */
  static async saveAll(context: TurnContext, states: readonly SafeBotState[]): Promise<void> {
    const storage = states[0]?.storage;
    if (!storage || states.some((state) => state.storage !== storage)) {
      for (const state of states) await state.saveChanges(context);
      return;
    }
    const pending: Array<{ state: SafeBotState; key: string; document: CachedState['state']; hash: string }> = [];
    for (const state of states) {
      const change = state.pendingChange(context);
      if (change) pending.push({ state, key: await state.storageKey(context), ...change });
    }
    if (pending.length === 0) return;
    const changes: StoreItems = Object.fromEntries(pending.map(({ key, document }) => [key, document]));
    const lease = context.turnState.get(RELEASE_ALONG) as HeldLease | undefined;
    context.turnState.delete(RELEASE_ALONG);
    if (lease && isReleasing(storage)) {
      if (await storage.writeReleasing(changes, lease)) lease.released();
    } else {
      await storage.write(changes);
    }
    for (const { state, document, hash } of pending) context.turnState.set(state.cacheKey, { state: document, hash } satisfies CachedState);
  }

  /** The document to write when the turn changed it (with the eTag to check), else undefined. */
  private pendingChange(context: TurnContext, force = false): { document: CachedState['state']; hash: string } | undefined {
    const cached = context.turnState.get(this.cacheKey) as CachedState | undefined;
    if (!cached) return undefined;
    const hash = changeMarker(cached.state);
    if (!force && cached.hash === hash) return undefined;
    const document = { ...cached.state, eTag: cached.state.eTag ?? CREATE_ONLY };
    noteWriteJson(document, hash);
    return { document, hash };
  }

  private remember(context: TurnContext, document: unknown): CachedState['state'] {
    const state = (document ?? {}) as CachedState['state'];
    // Asked right after the read, while the document is as the storage parsed it.
    context.turnState.set(this.cacheKey, { state, hash: readJsonOf(state) ?? changeMarker(state) } satisfies CachedState);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const change = this.pendingChange(context, force);
    if (!change) return;
    const { document, hash } = change;
    const key = await this.storageKey(context);
    // Our storages write the new eTag back into the document they were given (see MemoryStorage).
    await this.storage.write({ [key]: document });
    context.turnState.set(this.cacheKey, { state: document, hash } satisfies CachedState);
  }
}

/**
 * botbuilder's BotStatePropertyAccessor, written with native async functions. botbuilder ships its
 * async methods compiled to generators (TypeScript's __awaiter), and a turn awaited a dozen of these
 * accessors: a generator's await costs several times a native one's, and a process running them
 * promotes most of what survives a young-generation collection (see ValidatedActivityAdapter).
 */
class PropertyAccessor<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly state: BotState,
    readonly name: string,
  ) {}

  async get(context: TurnContext, defaultValue?: T): Promise<T> {
    const document = await this.state.load(context);
    if (!Object.prototype.hasOwnProperty.call(document, this.name) && defaultValue !== undefined) {
      // A copy, as botbuilder makes: the default given is often a shared literal.
      document[this.name] = typeof defaultValue === 'object' ? JSON.parse(JSON.stringify(defaultValue)) : defaultValue;
    }
    return document[this.name];
  }

  async set(context: TurnContext, value: T): Promise<void> {
    const document = await this.state.load(context);
    document[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const document = await this.state.load(context);
    if (Object.prototype.hasOwnProperty.call(document, this.name)) delete document[this.name];
  }
}

function isReleasing(storage: Storage): storage is ReleasingStorage {
  return typeof (storage as Partial<ReleasingStorage>).writeReleasing === 'function';
}

/** The document's content without its eTag (which changes on every write, not with the content). */
function changeMarker(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...content } = state;
  return JSON.stringify(content);
}

export function conversationStateKey(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  return `${channelId}/conversations/${conversation?.id}/`;
}

export function userStateKey(context: TurnContext): string {
  const { channelId, from } = context.activity;
  return `${channelId}/users/${from?.id}/`;
}
