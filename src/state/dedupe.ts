import type { DedupeMark, KeyValueStore } from './keyValueStore';

/**
 * Remembers inbound message ids for a while so a redelivery (channels retry after ~15 s, payment
 * gateways retry until acknowledged) is processed once. One atomic SET NX EX per message.
 */
export class Deduplicator {
  constructor(
    private readonly store: KeyValueStore,
    private readonly ttlSeconds = 24 * 60 * 60,
  ) {}

  /** True the first time `id` is seen in `scope`, false for every repeat within the TTL. */
  async firstTime(scope: string, id: string): Promise<boolean> {
    const { key, ttlSeconds } = this.mark(scope, id);
    return this.store.setIfAbsent(key, '1', ttlSeconds);
  }

  /** The key `firstTime` claims, for claiming it together with a conversation lock (ConversationLock.runOnce). */
  mark(scope: string, id: string): DedupeMark {
    return { key: `seen:${scope}:${id}`, ttlSeconds: this.ttlSeconds };
  }

  /** Undo `firstTime` when the work for `id` failed, so the sender's retry is processed. */
  async forget(scope: string, id: string): Promise<void> {
    await this.store.delete(`seen:${scope}:${id}`);
  }
}
