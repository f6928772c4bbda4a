import type { Lang } from '../../i18n/lang';
import type { KeyValueStore } from '../../state/keyValueStore';
import type { OutgoingWhatsAppMessage, WhatsAppReply } from './outgoingMessages';
import { hashedId } from '../../state/hashedId';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A message as kept: the recipient is the key's owner, so the number is not stored again. */
export type HeldMessage = DistributiveOmit<OutgoingWhatsAppMessage, 'to'>;

export interface HeldReply {
  messages: HeldMessage[];
  /** The values behind a numbered list in these messages, remembered once they are sent. */
  numbered?: string[];
}

export interface HeldBatch {
  /** The language of the latest reply kept (the template notice speaks it). */
  lang: Lang;
  /** Whether the citizen has been sent the template notice for this batch. */
  notified: boolean;
  replies: HeldReply[];
}

/** Long enough for a citizen to answer a notice after a weekend; a week, as the choice tokens live. */
const HELD_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * The replies a citizen is owed but could not be sent outside the 24-hour window, in order, under
 * the hashed wa_id. Callers hold the conversation lock, so read-modify-write is safe.
 */
export class HeldMessages {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds = HELD_TTL_SECONDS,
  ) {}

  async add(waId: string, lang: Lang, replies: readonly WhatsAppReply[] | readonly HeldReply[]): Promise<HeldBatch> {
    const batch = (await this.read(waId)) ?? { lang, notified: false, replies: [] };
    const kept: HeldReply[] = replies.map((reply) => ({
      messages: reply.messages.map((message) => withoutRecipient(message)),
      ...(reply.numbered ? { numbered: reply.numbered } : {}),
    }));
    const next: HeldBatch = { lang, notified: batch.notified, replies: [...batch.replies, ...kept] };
    await this.kv.set(this.key(waId), JSON.stringify(next), this.ttlSeconds);
    return next;
  }

  async markNotified(waId: string): Promise<void> {
    const batch = await this.read(waId);
    if (batch) await this.kv.set(this.key(waId), JSON.stringify({ ...batch, notified: true }), this.ttlSeconds);
  }

  /** Everything kept, still stored: the caller records its progress with `leaveOnly` as it sends. */
  async peek(waId: string): Promise<HeldBatch | undefined> {
    return this.read(waId);
  }

  /** What is still to send (nothing: the batch is gone). */
  async leaveOnly(waId: string, batch: HeldBatch): Promise<void> {
    if (batch.replies.every((reply) => reply.messages.length === 0)) await this.kv.delete(this.key(waId));
    else await this.kv.set(this.key(waId), JSON.stringify(batch), this.ttlSeconds);
  }

  async forget(waId: string): Promise<void> {
    await this.kv.delete(this.key(waId));
  }

  private async read(waId: string): Promise<HeldBatch | undefined> {
    const raw = await this.kv.get(this.key(waId));
    if (!raw) return undefined;
    try {
      const batch = JSON.parse(raw) as HeldBatch;
      return Array.isArray(batch.replies) ? batch : undefined;
    } catch {
      return undefined;
    }
  }

  private key(waId: string): string {
    return `whatsapp:held:${hashedId(waId)}`;
  }
}

function withoutRecipient(message: OutgoingWhatsAppMessage | HeldMessage): HeldMessage {
  const { to: _to, ...rest } = message as OutgoingWhatsAppMessage;
  return rest as HeldMessage;
}

export function addressed(message: HeldMessage, to: string): OutgoingWhatsAppMessage {
  return { ...message, to } as OutgoingWhatsAppMessage;
}
