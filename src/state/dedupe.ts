import type { KeyValueStore } from './keyValueStore';

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
    return this.store.setIfAbsent(`seen:${scope}:${id}`, '1', this.ttlSeconds);
  }

  /** Undo `firstTime` when the work for `id` failed, so the sender's retry is processed. */
  async forget(scope: string, id: string): Promise<void> {
    await this.store.delete(`seen:${scope}:${id}`);
  }
}
