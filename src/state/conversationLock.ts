import { randomUUID } from 'node:crypto';
import type { DedupeMark, KeyValueStore, LimitAlong, ReadAlong } from './keyValueStore';

export class LockTimeoutError extends Error {
  constructor() {
    super('Timed out waiting for the conversation lock');
    this.name = 'LockTimeoutError';
  }
}

export interface ConversationLockOptions {
  /** How long a holder may keep the lock before it is considered dead (covers a crashed process). */
  leaseMs?: number;
  /** How long a turn waits for its turn before giving up. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * Serialises the turns of one conversation. Inside a process a FIFO chain keeps arrival order;
 * across processes (several instances on one Redis) a lease in the KeyValueStore — SET NX with a
 * random token, released only by its owner — keeps two instances from running the same
 * conversation at once. botbuilder writes state last-write-wins, so without this two quick
 * messages could overwrite each other's progress.
 */
export class ConversationLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly store: KeyValueStore,
    options: ConversationLockOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waitMs = options.waitMs ?? 15_000;
    this.pollMs = options.pollMs ?? 25;
  }

  async run<T>(conversationKey: string, work: () => Promise<T>): Promise<T> {
    return this.queued(conversationKey, async () => this.holding((await this.acquire(conversationKey)) as Lease, work));
  }

  /**
   * `run`, for a message that must be handled once: `mark` (a Deduplicator mark) is claimed together
   * with the lease — one Redis command for both on one server. A message whose mark was already
   * claimed (a redelivery) does not run: `{ ran: false }`. The mark stays claimed once the lease
   * wait began; a caller that gives up (LockTimeoutError) forgets it, so the sender's retry runs.
   * `work` is given the lease: whoever releases it in another step (a storage releasing it with the
   * turn's last write, see SafeBotState.releaseAlong) calls `released()`, and it is not released again.
   * `limits` (rate limits, made when the claim is made) are counted in that same step, first: when one refuses, nothing is
   * claimed and nothing runs — `{ ran: false, limited: true }` — so the sender's retry after the wait
   * runs.
   */
  async runOnce<T>(
    conversationKey: string,
    mark: DedupeMark,
    work: (lease: HeldLease) => Promise<T>,
    read?: ReadAlong,
    limits?: () => LimitAlong,
  ): Promise<{ ran: true; value: T } | { ran: false; limited: boolean }> {
    return this.queued(conversationKey, async () => {
      const lease = await this.acquire(conversationKey, mark, read, limits?.());
      if (lease === 'limited') return { ran: false as const, limited: true };
      return lease ? { ran: true as const, value: await this.holding(lease, work) } : { ran: false as const, limited: false };
    });
  }

  /** In-process FIFO per conversation: a turn starts after the one before it in this process. */
  private async queued<T>(conversationKey: string, next: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(conversationKey) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(next);
    this.tails.set(conversationKey, mine);
    try {
      return await mine;
    } finally {
      if (this.tails.get(conversationKey) === mine) this.tails.delete(conversationKey);
    }
  }

  /** Waits for the lease; undefined when `mark` had already been claimed, 'limited' when a limit refused (nothing to run). */
  private async acquire(conversationKey: string, mark?: DedupeMark, read?: ReadAlong, limits?: LimitAlong): Promise<Lease | undefined | 'limited'> {
    const lease = { key: `lock:${conversationKey}`, token: randomUUID() };
    const seconds = Math.ceil(this.leaseMs / 1000);
    const deadline = Date.now() + this.waitMs;
    let acquired: boolean;
    if (mark) {
      // `read` rides along only with a lease taken at the first try; a lease waited for reads nothing.
      const claimed = await this.store.claimThenSetIfAbsent(mark, lease.key, lease.token, seconds, read, limits);
      if (claimed === 'limited') return claimed;
      if (claimed === 'claimed-before') return undefined;
      acquired = claimed === 'set';
    } else {
      acquired = await this.store.setIfAbsent(lease.key, lease.token, seconds);
    }
    while (!acquired) {
      if (Date.now() >= deadline) throw new LockTimeoutError();
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      acquired = await this.store.setIfAbsent(lease.key, lease.token, seconds);
    }
    return lease;
  }

  private async holding<T>(lease: Lease, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    let releasedElsewhere = false;
    try {
      return await work({ key: lease.key, token: lease.token, released: () => (releasedElsewhere = true) });
    } finally {
      if (!releasedElsewhere) await this.store.deleteIfEquals(lease.key, lease.token).catch(() => undefined);
    }
  }
}

interface Lease {
  key: string;
  token: string;
}

/** The lease a turn holds: its key-value key and token, and how to say it was released in another step. */
export interface HeldLease extends Lease {
  released(): void;
}
