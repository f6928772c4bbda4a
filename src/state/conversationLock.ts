import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from './keyValueStore';

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
    const previous = this.tails.get(conversationKey) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.withLease(conversationKey, work));
    this.tails.set(conversationKey, mine);
    try {
      return await mine;
    } finally {
      if (this.tails.get(conversationKey) === mine) this.tails.delete(conversationKey);
    }
  }

  private async withLease<T>(conversationKey: string, work: () => Promise<T>): Promise<T> {
    const key = `lock:${conversationKey}`;
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    while (!(await this.store.setIfAbsent(key, token, Math.ceil(this.leaseMs / 1000)))) {
      if (Date.now() >= deadline) throw new LockTimeoutError();
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    try {
      return await work();
    } finally {
      await this.store.deleteIfEquals(key, token).catch(() => undefined);
    }
  }
}
