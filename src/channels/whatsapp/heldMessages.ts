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
 * How long a sent message is remembered in case Meta reports later that it was not delivered: the
 * status follows the send within seconds. Meta retries a webhook our endpoint did not take for up to
 * seven days; a refusal arriving after a day finds nothing (logged), as a trade against keeping a
 * week of messages.
 */
const SENT_TTL_SECONDS = 24 * 60 * 60;

/** A free-form message Meta accepted, remembered until it reports the delivery (see rememberSent). */
export interface SentMessage {
  lang: Lang;
  reply: HeldReply;
}

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
    const kept: HeldReply[] = replies.map((reply) => withoutRecipients(reply));
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

  /**
   * Meta accepts a free-form message and may still refuse it afterwards, in a status webhook (131047:
   * the window had closed by its clock): what was sent is remembered by its id (wamid) for a day so
   * that it can then be kept like one refused at once.
   */
  async rememberSent(waId: string, wamid: string, lang: Lang, sent: WhatsAppReply | HeldReply): Promise<void> {
    const remembered: SentMessage = { lang, reply: withoutRecipients(sent) };
    await this.kv.set(this.sentKey(waId, wamid), JSON.stringify(remembered), SENT_TTL_SECONDS);
  }

  /** The message sent to `waId` as `wamid`, while remembered. */
  async sentMessage(waId: string, wamid: string): Promise<SentMessage | undefined> {
    const raw = await this.kv.get(this.sentKey(waId, wamid));
    if (!raw) return undefined;
    try {
      const sent = JSON.parse(raw) as SentMessage;
      return Array.isArray(sent.reply?.messages) ? sent : undefined;
    } catch {
      return undefined;
    }
  }

  /** Once kept again: a repeated status then finds nothing. */
  async forgetSent(waId: string, wamid: string): Promise<void> {
    await this.kv.delete(this.sentKey(waId, wamid));
  }

  /** Drops what is kept for the citizen and what is remembered of the messages sent to them. */
  async forget(waId: string): Promise<void> {
    const sent = await this.kv.keys(this.sentKey(waId, ''));
    await this.kv.delete(this.key(waId), ...sent);
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

  private sentKey(waId: string, wamid: string): string {
    // Hashed too: a wamid is base64 of, among other things, the recipient's number.
    return `whatsapp:sent:${hashedId(waId)}:${wamid && hashedId(wamid)}`;
  }
}

function withoutRecipients(reply: WhatsAppReply | HeldReply): HeldReply {
  return { messages: reply.messages.map((message) => withoutRecipient(message)), ...(reply.numbered ? { numbered: reply.numbered } : {}) };
}

function withoutRecipient(message: OutgoingWhatsAppMessage | HeldMessage): HeldMessage {
  const { to: _to, ...rest } = message as OutgoingWhatsAppMessage;
  return rest as HeldMessage;
}

export function addressed(message: HeldMessage, to: string): OutgoingWhatsAppMessage {
  return { ...message, to } as OutgoingWhatsAppMessage;
}
