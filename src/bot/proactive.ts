import { ActivityTypes, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import type { ConversationLock } from '../state/conversationLock';
import { conversationKeyOf } from '../state/conversationKey';

/** Opens a turn in an existing conversation, on whatever channel it lives (Bot Framework, Telegram, …). */
export type ConversationOpener = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

/**
 * Delivers something that happens later (a payment settling) into the citizen's conversation as an
 * event turn of the same bot, under the same per-conversation lock as their own messages. Channels
 * with their own adapter (Telegram, WhatsApp, Direct Line) register an opener for their channel id.
 */
export class ProactiveDelivery {
  private readonly openers = new Map<string, ConversationOpener>();

  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      appId: string;
      lock: ConversationLock;
      runBot: (context: TurnContext) => Promise<void>;
      logger: Logger;
    },
  ) {}

  register(channelId: string, opener: ConversationOpener): void {
    this.openers.set(channelId, opener);
  }

  async sendEvent(reference: Partial<ConversationReference>, name: string, value: unknown): Promise<void> {
    const channelId = reference.channelId ?? '';
    const opener = this.openers.get(channelId);
    if (!opener && !reference.serviceUrl) {
      // A request/response client (expectReplies) has nowhere to receive a push; it gets the receipt
      // the next time it writes ("dah bayar").
      return;
    }
    const open: ConversationOpener = opener ?? ((ref, logic) => this.deps.adapter.continueConversationAsync(this.deps.appId, ref, logic));
    const lockKey = conversationKeyOf(reference);
    try {
      await open(reference, (context) =>
        this.deps.lock.run(lockKey, async () => {
          // The turn arrives as the citizen's own conversation, carrying the event for the bot.
          Object.assign(context.activity, { type: ActivityTypes.Event, name, value, from: reference.user, recipient: reference.bot });
          await this.deps.runBot(context);
        }),
      );
    } catch (err) {
      // The receipt is safe in the transaction record; the citizen also gets it by saying "dah bayar".
      this.deps.logger.warn({ err, channelId }, 'proactive delivery failed');
    }
  }
}
