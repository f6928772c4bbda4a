import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from '../../observability/logger';
import type { ChannelName } from './channelApiError';

const DELIVERY_FAILED = Symbol('khidmat.channel.deliveryFailed');

export class UnsupportedChannelOperationError extends Error {
  constructor(channel: ChannelName, operation: string) {
    super(`${channel} does not support ${operation}`);
    this.name = 'UnsupportedChannelOperationError';
  }
}

/**
 * What Telegram and WhatsApp adapters have in common: the bot's replies go out one by one, in order,
 * through the channel's own API; typing is best effort; and when a reply cannot be delivered even
 * after retries, the failure is logged and the rest of that turn's replies are skipped (sending
 * message 3 without message 1 would confuse, and each would only wait out the same outage) — the
 * turn itself never fails because a channel is down.
 */
export abstract class PlainChannelAdapter extends BotAdapter {
  protected constructor(
    readonly channel: ChannelName,
    protected readonly logger: Logger,
  ) {
    super();
  }

  /** Sends one message reply; returns the platform's id of the last message sent, if any. */
  protected abstract deliverMessage(activity: Partial<Activity>): Promise<string | undefined>;

  /** Shows "typing…" where the channel can; one attempt, failures ignored. */
  protected abstract deliverTyping(activity: Partial<Activity>): Promise<void>;

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      responses.push({ id: (await this.deliver(context, activity)) ?? '' });
    }
    return responses;
  }

  private async deliver(context: TurnContext, activity: Partial<Activity>): Promise<string | undefined> {
    if (context.turnState.get(DELIVERY_FAILED)) return undefined;
    switch (activity.type) {
      case ActivityTypes.Message:
        try {
          return await this.deliverMessage(activity);
        } catch (err) {
          context.turnState.set(DELIVERY_FAILED, true);
          this.logger.error({ err, channel: this.channel }, 'reply could not be delivered; the rest of this turn is not sent');
          return undefined;
        }
      case ActivityTypes.Typing:
        await this.deliverTyping(activity).catch((err) => this.logger.debug({ err, channel: this.channel }, 'typing indicator not shown'));
        return undefined;
      case 'delay':
        // A short pause between messages is a courtesy; never hold a turn for long.
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number(activity.value) || 0, 1000)));
        return undefined;
      default:
        // trace, event, invokeResponse, …: nothing a citizen sees on this channel.
        return undefined;
    }
  }

  override async updateActivity(): Promise<void> {
    throw new UnsupportedChannelOperationError(this.channel, 'updating a sent message');
  }

  override async deleteActivity(): Promise<void> {
    throw new UnsupportedChannelOperationError(this.channel, 'deleting a sent message');
  }

  /**
   * Opens a turn in a stored conversation (a payment receipt that arrives later). The replies of
   * `logic` go out through this channel's API like any other reply.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await logic(new TurnContext(this, activity));
  }
}

/** True when a reply of this turn could not be delivered (tests and the webhook's log use it). */
export function deliveryFailed(context: TurnContext): boolean {
  return context.turnState.get(DELIVERY_FAILED) === true;
}
