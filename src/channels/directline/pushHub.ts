import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Logger } from '../../observability/logger';
import { type RedisClient as Redis, subscriberConnection } from '../../state/redis';

/** What a stream receives: the Direct Line activity set, exactly as Microsoft's service pushes it. */
export interface PushedSet {
  activities: Activity[];
  watermark?: string;
}

export type PushListener = (set: PushedSet) => void;

/**
 * Fans new activities out to the WebSocket streams of a conversation. Locally an EventEmitter; with
 * Redis, also Redis pub/sub, so a receipt produced on one instance reaches the citizen's socket held
 * by another.
 */
export class PushHub {
  private readonly local = new EventEmitter();
  private readonly instance = randomUUID();
  private subscriber?: Redis;

  constructor(
    private readonly redis: Redis | undefined,
    private readonly logger: Logger,
  ) {
    this.local.setMaxListeners(0);
    if (redis) {
      // A connection of its own (subscriber mode), which queues SUBSCRIBE until it is connected and
      // re-subscribes by itself after Redis comes back.
      this.subscriber = subscriberConnection(redis);
      this.subscriber.on('error', (err) => this.logger.warn({ err }, 'directline push subscriber error'));
      this.subscriber.on('message', (channel: string, message: string) => this.fromRedis(channel, message));
    }
  }

  async publish(conversationId: string, set: PushedSet): Promise<void> {
    this.local.emit(conversationId, set);
    if (this.redis) {
      await this.redis
        .publish(channelOf(conversationId), JSON.stringify({ from: this.instance, set }))
        .catch((err) => this.logger.warn({ err }, 'directline push publish failed'));
    }
  }

  /** Listens for pushes to one conversation; returns the unsubscribe. */
  async subscribe(conversationId: string, listener: PushListener): Promise<() => Promise<void>> {
    this.local.on(conversationId, listener);
    if (this.subscriber && this.local.listenerCount(conversationId) === 1) {
      await this.subscriber.subscribe(channelOf(conversationId)).catch((err) => this.logger.warn({ err }, 'directline push subscribe failed'));
    }
    return async () => {
      this.local.off(conversationId, listener);
      if (this.subscriber && this.local.listenerCount(conversationId) === 0) {
        await this.subscriber.unsubscribe(channelOf(conversationId)).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    if (this.subscriber) await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
  }

  private fromRedis(channel: string, message: string): void {
    try {
      const { from, set } = JSON.parse(message) as { from: string; set: PushedSet };
      // Our own publications were already delivered locally.
      if (from !== this.instance) this.local.emit(channel.slice(CHANNEL_PREFIX.length), set);
    } catch (err) {
      this.logger.warn({ err }, 'directline push message unreadable');
    }
  }
}

const CHANNEL_PREFIX = 'khidmat:directline:push:';

function channelOf(conversationId: string): string {
  return CHANNEL_PREFIX + conversationId;
}
