import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { TURN_LANG } from '../../bot/khidmatBot';
import { t } from '../../i18n/catalog';
import { isLang, type Lang } from '../../i18n/lang';
import type { Logger } from '../../observability/logger';
import { LockTimeoutError } from '../../state/conversationLock';
import { StaleWriteError } from '../../state/storageErrors';
import type { ConversationStore } from './conversationStore';
import type { PushedSet, PushHub } from './pushHub';

export const WEBCHAT_CHANNEL_ID = 'webchat';
export const BOT_ACCOUNT: ChannelAccount = { id: 'khidmat', name: 'Khidmat', role: 'bot' };

/** Activities the adapter cannot change after sending: Direct Line has no edit or delete. */
export class UnsupportedOperationError extends Error {
  constructor(operation: string) {
    super(`Direct Line does not support ${operation}`);
    this.name = 'UnsupportedOperationError';
  }
}

export interface DirectLineAdapterDeps {
  store: ConversationStore;
  hub: PushHub;
  /** Runs the bot under the conversation lock (ChannelDeps.runTurn). */
  runTurn(context: TurnContext): Promise<void>;
  serviceUrl: string;
  defaultLang: Lang;
  logger: Logger;
}

/**
 * The bot side of the self-hosted Direct Line: a citizen's activity becomes a turn; whatever the bot
 * sends is numbered, stored in the conversation's history and pushed to its open streams. Proactive
 * turns (the payment receipt) open on this adapter too, so the receipt lands in the same history.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly deps: DirectLineAdapterDeps) {
    super();
  }

  /** Runs one inbound (already stored) activity through the bot; failures become a bilingual apology. */
  async processActivity(activity: Activity): Promise<void> {
    const context = new TurnContext(this, activity);
    try {
      await this.deps.runTurn(context);
    } catch (err) {
      this.deps.logger.error({ err, channel: WEBCHAT_CHANNEL_ID }, 'web chat turn failed');
      const settled = context.turnState.get(TURN_LANG);
      const lang = isLang(settled) ? settled : this.deps.defaultLang;
      const busy = err instanceof StaleWriteError || err instanceof LockTimeoutError;
      await context.sendActivity(t(lang, busy ? 'error.busy' : 'error.generic')).catch(() => undefined);
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const conversationId = context.activity.conversation.id;
    for (const outgoing of activities) {
      if (outgoing.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, Number(outgoing.value) || 1000));
        responses.push({ id: '' });
        continue;
      }
      if (outgoing.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
        continue;
      }
      const activity = {
        ...outgoing,
        channelId: WEBCHAT_CHANNEL_ID,
        serviceUrl: this.deps.serviceUrl,
        conversation: { id: conversationId },
        from: context.activity.recipient ?? BOT_ACCOUNT,
        recipient: context.activity.from,
        replyToId: outgoing.replyToId ?? (context.activity.type === ActivityTypes.Message ? context.activity.id : undefined),
        timestamp: new Date(),
      } as Partial<Activity>;
      if (activity.type === ActivityTypes.Typing) {
        // Typing is a live signal, not part of the record: pushed, never stored.
        await this.pushTyping(conversationId, activity);
        responses.push({ id: '' });
        continue;
      }
      const stored = await this.deps.store.append(conversationId, activity, (set) => this.pushSet(conversationId, set));
      responses.push({ id: stored.id });
    }
    return responses;
  }

  /** Sends an activity set to the conversation's open streams (on any instance). */
  async pushSet(conversationId: string, set: PushedSet): Promise<void> {
    await this.deps.hub.publish(conversationId, set);
  }

  /** Shows the typing indicator on the citizen's open streams while the bot works on their message. */
  async pushTyping(conversationId: string, activity: Partial<Activity> = {}): Promise<void> {
    const typing = {
      type: ActivityTypes.Typing,
      channelId: WEBCHAT_CHANNEL_ID,
      conversation: { id: conversationId },
      from: BOT_ACCOUNT,
      timestamp: new Date(),
      ...activity,
      id: `${conversationId}|typing-${randomUUID()}`,
    } as Activity;
    await this.deps.hub.publish(conversationId, { activities: [typing] });
  }

  async updateActivity(): Promise<void> {
    throw new UnsupportedOperationError('updating an activity');
  }

  async deleteActivity(): Promise<void> {
    throw new UnsupportedOperationError('deleting an activity');
  }

  /** Opens a turn for a stored conversation reference (the proactive receipt). */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    activity.channelId = WEBCHAT_CHANNEL_ID;
    activity.recipient ??= BOT_ACCOUNT;
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }
}
