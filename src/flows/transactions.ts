import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../i18n/lang';
import { FirstAndLater } from '../state/firstAndLater';
import type { KeyValueStore } from '../state/keyValueStore';
import type { ServiceId } from './types';

/** What a citizen is shown when a paid service is done. Amount in ringgit with two places. */
export interface Receipt {
  reference: string;
  amount: string;
  /** Service-specific lines already in both languages, e.g. validity dates or the collection office. */
  lines: Array<{ label: { ms: string; en: string }; value: string }>;
}

export type TransactionStatus = 'awaiting_payment' | 'paid' | 'completed' | 'payment_failed' | 'failed' | 'resolved';

/** How an operator closed a paid transaction the agency would not deliver. */
export const RESOLUTION_OUTCOMES = ['refunded', 'delivered_by_hand'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

export interface Resolution {
  outcome: ResolutionOutcome;
  /** The operator's own record (gateway refund id, counter receipt…); never shown to the citizen. */
  note: string;
  by: 'admin';
  at: string;
}

/**
 * A paid service between quote and receipt. Kept in the key-value store (Redis in production) so
 * that a payment callback, the citizen saying "I have paid", a second instance or a restart all
 * see the same record — the outbox from which a paid transaction is completed exactly once.
 */
export interface TransactionRecord {
  ref: string;
  service: ServiceId;
  lang: Lang;
  conversation: Partial<ConversationReference>;
  /** The service's own execution request (plate, months, summons ids…); validated by the service. */
  request: Record<string, unknown>;
  amount: string;
  paymentId?: string;
  payUrl?: string;
  status: TransactionStatus;
  receipt?: Receipt;
  failure?: string;
  /** Failed executions after payment (the reconciler gives up at MAX_EXECUTION_ATTEMPTS). */
  attempts?: number;
  /** Set once the receipt has reached the citizen, so a callback and a "dah bayar" do not both send it. */
  receiptDelivered?: boolean;
  /** Set with status 'resolved': an operator refunded it or completed it by hand. Terminal. */
  resolution?: Resolution;
  createdAt: string;
  updatedAt: string;
}

const TTL_SECONDS = 7 * 24 * 60 * 60;
// Paid but not delivered: kept until an operator can act on it, not lost after a week without retries.
const UNDELIVERED_TTL_SECONDS = 30 * 24 * 60 * 60;
const LOCK_SECONDS = 15;
/**
 * The refs of paid-but-undelivered transactions: an expiring set, so the reconciler (every 20 s, in
 * every instance) and the operator page read those few — not every transaction of the past week, and
 * not the keyspace (a prefix scan walks every dedupe mark and rate counter of the day).
 */
const OPEN_SET = 'txn-open-set';
// Set once the transactions saved before the set existed have been put in it (in any process).
const INDEXED_MARK = 'txn-open-set-indexed';
/**
 * The previous version indexed them as one `txn-open:<ref>` key each. An instance of it still running
 * during a rolling deploy may add one after the mark above was set. A process adopts those at most
 * twice: when it first lists the undelivered (its first reconciler round), and once more after ten
 * minutes, the time a deploy is assumed to take. An old instance reconciles its own while it runs;
 * one it left behind when it stopped waits for that second scan. Not every round: a prefix scan
 * walks the whole keyspace (every dedupe mark and rate counter of the day; about 100 ms of Redis per
 * 120,000 keys). Remove once every deployment has run this version for 30 days (the keys' lifetime).
 */
const LEGACY_PREFIX = 'txn-open:';
const LEGACY_WINDOW_MS = 10 * 60 * 1000;

export class TransactionStore {
  /** The two scans for the previous version's keys (see LEGACY_PREFIX). */
  private readonly legacy: FirstAndLater;

  constructor(
    private readonly store: KeyValueStore,
    /** The lock's lease (tests shorten it to see it renewed). */
    private readonly lockSeconds = LOCK_SECONDS,
    private readonly now: () => number = Date.now,
  ) {
    this.legacy = new FirstAndLater(() => this.adoptLegacy(), now, LEGACY_WINDOW_MS);
  }

  newReference(service: ServiceId): string {
    const prefix = service.split('.').slice(0, 2).join('-').toUpperCase();
    return `KH-${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
  }

  async save(record: TransactionRecord): Promise<void> {
    record.updatedAt = new Date().toISOString();
    const undelivered = isUndelivered(record);
    await this.store.set(`txn:${record.ref}`, JSON.stringify(record), undelivered ? UNDELIVERED_TTL_SECONDS : TTL_SECONDS);
    if (undelivered) await this.store.addToSet(OPEN_SET, record.ref, UNDELIVERED_TTL_SECONDS);
    // A transaction awaiting payment has never been undelivered: nothing to take out of the index.
    else if (record.status !== 'awaiting_payment') await this.store.removeFromSet(OPEN_SET, record.ref);
  }

  async get(ref: string): Promise<TransactionRecord | undefined> {
    const raw = await this.store.get(`txn:${ref}`);
    return raw ? (JSON.parse(raw) as TransactionRecord) : undefined;
  }

  /** Paid but not yet completed, and still worth retrying: what the reconciler must finish. */
  async pending(maxAttempts: number): Promise<TransactionRecord[]> {
    return (await this.undelivered()).filter((record) => record.status === 'paid' || (record.attempts ?? 0) < maxAttempts);
  }

  /** Paid but not delivered, retried or given up on: what an operator must watch. Newest first. */
  async undelivered(): Promise<TransactionRecord[]> {
    // Transactions saved before the index existed get their entry: once per store, not per process.
    this.indexed ??= this.indexOlderTransactions();
    await this.indexed;
    // Every caller (reconciler, operator page, metrics) waits for the same scan; a failed one is tried again.
    await this.legacy.run();
    const refs = await this.store.setMembers(OPEN_SET);
    const records = await Promise.all(refs.map((ref) => this.get(ref)));
    return records
      .filter((record): record is TransactionRecord => record !== undefined && isUndelivered(record))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private indexed?: Promise<void>;

  private async adoptLegacy(): Promise<void> {
    for (const key of await this.store.keys(LEGACY_PREFIX)) await this.store.addToSet(OPEN_SET, key.slice(LEGACY_PREFIX.length), UNDELIVERED_TTL_SECONDS);
  }

  private async indexOlderTransactions(): Promise<void> {
    try {
      if (await this.store.get(INDEXED_MARK)) return;
      const keys = await this.store.keys('txn:');
      for (const key of keys) {
        const record = await this.get(key.slice('txn:'.length));
        if (record && isUndelivered(record)) await this.store.addToSet(OPEN_SET, record.ref, UNDELIVERED_TTL_SECONDS);
      }
      await this.store.set(INDEXED_MARK, new Date().toISOString());
    } catch (err) {
      this.indexed = undefined; // the store was down: try again next time
      throw err;
    }
  }

  /**
   * Runs `work` for `ref` in one place at a time across every instance, so a callback and a
   * "dah bayar" arriving together cannot both execute the agency call.
   */
  async exclusive<T>(ref: string, work: () => Promise<T>, options: { wait?: boolean } = {}): Promise<T | undefined> {
    const key = `txn-lock:${ref}`;
    const token = randomUUID();
    // A short lease, renewed while the holder works: a crashed holder's lease runs out quickly, so
    // the reconciler after a restart is not blocked for long.
    for (let waited = 0; !(await this.store.setIfAbsent(key, token, this.lockSeconds)); waited += 50) {
      if (options.wait === false) return undefined;
      if (waited > 20_000) throw new Error('transaction busy');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Renewed while the work runs: an agency call with retries and a Retry-After can outlast the
    // lease, and another settler or an operator must not get in while this one is still working.
    const heartbeat = setInterval(() => void this.store.extendIfEquals(key, token, this.lockSeconds).catch(() => undefined), (this.lockSeconds * 1000) / 3);
    heartbeat.unref();
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
      await this.store.deleteIfEquals(key, token).catch(() => undefined);
    }
  }
}

/** The citizen has paid and has neither the service nor their money back. */
export function isUndelivered(record: TransactionRecord): boolean {
  return record.status === 'paid' || record.status === 'failed';
}
