import { hashedId } from '../../state/hashedId';
import type { KeyValueStore } from '../../state/keyValueStore';

/**
 * Meta delivers free-form messages only within 24 hours of the citizen's last message (the
 * "customer service window"); outside it, only an approved template. Sources:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 * (customer service windows) and
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 * (131047 "Re-engagement message").
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

const CLOCK_MARGIN_MS = 60 * 60 * 1000;

// Past the window, "not known" and "closed" mean the same: the record need not outlive it by much.
const SEEN_TTL_SECONDS = 2 * 24 * 60 * 60;

/** When each WhatsApp citizen last wrote, so that we know whether their window is open. */
export class ServiceWindow {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The window runs from when WhatsApp received the message (its `timestamp`, in seconds), which a
   * late redelivery of the webhook puts in the past; never later than our own clock.
   */
  async citizenWrote(waId: string, timestampSeconds?: string): Promise<void> {
    const now = this.now();
    const seconds = Number(timestampSeconds);
    const at = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, now) : now;
    const key = this.key(waId);
    const previous = Number((await this.kv.get(key)) ?? 0);
    if (previous >= at) return;
    await this.kv.set(key, String(at), SEEN_TTL_SECONDS);
  }

  /** Whether a message the citizen sent at `sentAt` keeps their window open now. */
  openSince(sentAt: Date): boolean {
    return this.now() - sentAt.getTime() <= CUSTOMER_SERVICE_WINDOW_MS;
  }

  /** Whether it does so for certain: an hour inside the window, for Meta's clock and ours to differ. */
  surelyOpenSince(sentAt: Date): boolean {
    return this.now() - sentAt.getTime() <= CUSTOMER_SERVICE_WINDOW_MS - CLOCK_MARGIN_MS;
  }

  /** When the citizen last wrote (ms), if within the last two days. */
  async lastWrote(waId: string): Promise<number | undefined> {
    const at = Number(await this.kv.get(this.key(waId)));
    return Number.isFinite(at) && at > 0 ? at : undefined;
  }

  /** False as well when we have never heard from the citizen (or not for two days). */
  async isOpen(waId: string): Promise<boolean> {
    const at = await this.lastWrote(waId);
    return at !== undefined && this.now() - at <= CUSTOMER_SERVICE_WINDOW_MS;
  }

  private key(waId: string): string {
    return `whatsapp:window:${hashedId(waId)}`;
  }
}
