import type { Activity } from 'botbuilder';
import type { Lang } from '../../i18n/lang';
import type { Logger } from '../../observability/logger';
import type { ChoiceTokens } from '../shared/choiceTokens';
import { langOfReply } from '../shared/language';
import type { NumberedChoiceMemory } from '../shared/numberedChoices';
import { PlainChannelAdapter } from '../shared/plainChannelAdapter';
import { whatsappReply } from './outgoingMessages';
import type { WhatsAppApi } from './whatsappApi';

/**
 * Sends the bot's replies through the WhatsApp Cloud API: text, and the suggested actions as reply
 * buttons, a list, or a numbered list (remembered, so "2" is understood as the second choice).
 */
export class WhatsAppAdapter extends PlainChannelAdapter {
  constructor(
    private readonly api: WhatsAppApi,
    private readonly tokens: ChoiceTokens,
    private readonly numbered: NumberedChoiceMemory,
    private readonly defaultLang: Lang,
    logger: Logger,
  ) {
    super('whatsapp', logger);
  }

  protected async deliverMessage(activity: Partial<Activity>): Promise<string | undefined> {
    const to = activity.conversation?.id;
    if (!to) throw new TypeError('a WhatsApp reply needs the wa_id as conversation id');
    const reply = await whatsappReply(activity, to, langOfReply(activity, this.defaultLang), this.tokens);
    let lastId: string | undefined;
    for (const message of reply.messages) lastId = await this.api.sendMessage(message);
    if (reply.messages.length > 0) {
      const key = `whatsapp:${to}`;
      await (reply.numbered ? this.numbered.remember(key, reply.numbered) : this.numbered.forget(key)).catch((err) =>
        this.logger.warn({ err, channel: 'whatsapp' }, 'numbered choices not remembered'),
      );
    }
    return lastId;
  }

  /** The Cloud API has no typing indicator on its own; replies are quick enough without one. */
  protected async deliverTyping(): Promise<void> {}
}
