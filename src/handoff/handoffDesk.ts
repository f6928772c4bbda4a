import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../i18n/lang';
import { FirstAndLater } from '../state/firstAndLater';
import type { KeyValueStore } from '../state/keyValueStore';
import type { OfficeHours } from './officeHours';

export type HandoffStatus = 'waiting' | 'active';

export interface Handoff {
  id: string;
  conversationKey: string;
  reference: Partial<ConversationReference>;
  channel: string;
  lang: Lang;
  status: HandoffStatus;
  since: string;
  officer: string | null;
  reason: string;
  /** What the bot had collected so far; personal identifiers already masked. */
  context: { service: string | null; details: Record<string, string> };
}

export interface HandoffMessage {
  seq: number;
  from: 'citizen' | 'officer' | 'bot';
  text: string;
  at: string;
}

export class HandoffNotFoundError extends Error {
  constructor() {
    super('No such handoff');
    this.name = 'HandoffNotFoundError';
  }
}

export class HandoffTakenError extends Error {
  constructor(readonly officer: string) {
    super('Another officer has already taken this conversation');
    this.name = 'HandoffTakenError';
  }
}

const TTL_SECONDS = 24 * 60 * 60;
/**
 * The ids of the handoffs in the queue: an expiring set, so the queue (a position to announce, the
 * operator console) is read without a prefix scan, which walks every key of the store — every
 * dedupe mark and rate counter of the day — and took seconds of Redis per minute under load.
 */
const QUEUE_INDEX = 'handoff-index';

/** The key-value key that names a conversation's entry in the queue (its handoff id). */
export const queueKeyOf = (conversationKey: string) => `handoff-conv:${conversationKey}`;

/**
 * Where a turn keeps the value of its conversation's queue key when it was read with the turn's lock
 * (POST /api/messages on one Redis server: see readStateAlong in src/server/app.ts): every new
 * conversation's first message must look for itself in the queue, and this spares it a command.
 */
export const QUEUE_KEY_READ_ALONG = Symbol('khidmat.handoff.queueKeyReadAlong');
const MAX_MESSAGES = 500;
/** A rough service time per citizen ahead in the queue, for the wait we announce. */
const MINUTES_PER_CITIZEN = 4;

/**
 * The queue of citizens waiting for (or talking to) an officer, kept in the key-value store so
 * every instance and the operator console see the same queue. While a conversation is here, the
 * bot stays quiet and relays; the officer returns it to the bot when done.
 */
export class HandoffDesk {
  /**
   * Handoffs saved by the previous version (before the index) are added to it: at the first read of
   * the queue and once more later, for its instances still running during a rolling deploy. Remove
   * once every deployment has run this version for a day (a handoff's lifetime).
   */
  private readonly unindexed = new FirstAndLater(() => this.adoptUnindexed());

  constructor(
    private readonly store: KeyValueStore,
    readonly officeHours: OfficeHours,
    private readonly deliver: (handoff: Handoff, event: 'message' | 'released', text?: string) => Promise<void>,
  ) {}

  async request(input: Omit<Handoff, 'id' | 'status' | 'since' | 'officer'>): Promise<{ handoff: Handoff; position: number; waitMinutes: number }> {
    const existing = await this.forConversation(input.conversationKey);
    const handoff: Handoff = existing ?? { ...input, id: randomUUID(), status: 'waiting', since: new Date().toISOString(), officer: null };
    if (!existing) {
      await this.save(handoff);
      await this.store.set(queueKeyOf(input.conversationKey), handoff.id, TTL_SECONDS);
    }
    const waiting = (await this.list()).filter((other) => other.status === 'waiting');
    const position = Math.max(1, waiting.findIndex((other) => other.id === handoff.id) + 1);
    return { handoff, position, waitMinutes: position * MINUTES_PER_CITIZEN };
  }

  /**
   * The conversation's entry in the queue. `readAlong`: the value of its queue key (`queueKeyOf`) as
   * read with the turn's lock (null: none) — then it is not read again; undefined: read it here.
   */
  async forConversation(conversationKey: string, readAlong?: string | null): Promise<Handoff | undefined> {
    const id = readAlong !== undefined ? readAlong : await this.store.get(queueKeyOf(conversationKey));
    const handoff = id ? await this.get(id) : undefined;
    // Into the index, in case an instance of the previous version saved it after this one's last
    // adoption: its citizen's next message puts it on the officers' screen.
    if (handoff) await this.store.addToSet(QUEUE_INDEX, handoff.id, TTL_SECONDS);
    return handoff;
  }

  async get(id: string): Promise<Handoff | undefined> {
    const raw = await this.store.get(`handoff:${id}`);
    return raw ? (JSON.parse(raw) as Handoff) : undefined;
  }

  async list(): Promise<Handoff[]> {
    // Not awaited: the adoption walks the whole keyspace (seconds on a large store under load), and a
    // citizen asking for an officer must not wait for it. What it adopts shows from the next read; a
    // citizen's own handoff is indexed when they write (forConversation).
    void this.unindexed.run().catch(() => undefined);
    const ids = await this.store.setMembers(QUEUE_INDEX);
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((handoff): handoff is Handoff => Boolean(handoff)).sort((a, b) => a.since.localeCompare(b.since));
  }

  async take(id: string, officer: string): Promise<Handoff> {
    const handoff = await this.require(id);
    const name = officer.slice(0, 60) || 'officer';
    if (handoff.status === 'active' && handoff.officer !== name) throw new HandoffTakenError(handoff.officer ?? 'officer');
    handoff.status = 'active';
    handoff.officer = name;
    await this.save(handoff);
    return handoff;
  }

  async addMessage(id: string, from: HandoffMessage['from'], text: string): Promise<HandoffMessage> {
    const handoff = await this.require(id);
    const messages = await this.messages(id);
    const message: HandoffMessage = { seq: (messages.at(-1)?.seq ?? 0) + 1, from, text: text.slice(0, 2000), at: new Date().toISOString() };
    await this.store.set(`handoff-msgs:${id}`, JSON.stringify([...messages, message].slice(-MAX_MESSAGES)), TTL_SECONDS);
    if (from === 'officer') await this.deliver(handoff, 'message', message.text);
    return message;
  }

  async messages(id: string, after = 0): Promise<HandoffMessage[]> {
    const raw = await this.store.get(`handoff-msgs:${id}`);
    const all = raw ? (JSON.parse(raw) as HandoffMessage[]) : [];
    return all.filter((message) => message.seq > after);
  }

  /** Back to the bot (the officer is done), or the citizen left the queue. */
  async release(id: string, options: { notify: boolean } = { notify: true }): Promise<Handoff> {
    const handoff = await this.require(id);
    await this.store.delete(`handoff:${id}`, `handoff-msgs:${id}`, queueKeyOf(handoff.conversationKey));
    await this.store.removeFromSet(QUEUE_INDEX, id);
    if (options.notify) await this.deliver(handoff, 'released');
    return handoff;
  }

  private async require(id: string): Promise<Handoff> {
    const handoff = await this.get(id);
    if (!handoff) throw new HandoffNotFoundError();
    return handoff;
  }

  private async save(handoff: Handoff): Promise<void> {
    await this.store.set(`handoff:${handoff.id}`, JSON.stringify(handoff), TTL_SECONDS);
    await this.store.addToSet(QUEUE_INDEX, handoff.id, TTL_SECONDS);
  }

  private async adoptUnindexed(): Promise<void> {
    for (const key of await this.store.keys('handoff:')) await this.store.addToSet(QUEUE_INDEX, key.slice('handoff:'.length), TTL_SECONDS);
  }
}
