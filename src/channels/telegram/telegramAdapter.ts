import type { Activity } from 'botbuilder';
import type { Lang } from '../../i18n/lang';
import type { Logger } from '../../observability/logger';
import { plainTextOf } from '../shared/activityText';
import type { ChoiceTokens } from '../shared/choiceTokens';
import { choicesOf } from '../shared/choices';
import { PLEASE_CHOOSE } from '../shared/channelTexts';
import { langOfReply } from '../shared/language';
import { PlainChannelAdapter } from '../shared/plainChannelAdapter';
import { splitText } from '../shared/splitText';
import { inlineKeyboard } from './inlineKeyboard';
import type { TelegramApi } from './telegramApi';

/** Telegram's limit on one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Sends the bot's replies through the Telegram Bot API: plain text (no parse_mode, so nothing a
 * citizen typed and the bot repeats can break the formatting), long texts in pieces, and the
 * suggested actions as an inline keyboard under the last piece.
 */
export class TelegramAdapter extends PlainChannelAdapter {
  constructor(
    private readonly api: TelegramApi,
    private readonly tokens: ChoiceTokens,
    private readonly defaultLang: Lang,
    logger: Logger,
  ) {
    super('telegram', logger);
  }

  protected async deliverMessage(activity: Partial<Activity>): Promise<string | undefined> {
    const chatId = activity.conversation?.id;
    if (!chatId) throw new TypeError('a Telegram reply needs the chat id as conversation id');
    const { choices, links } = choicesOf(activity);
    const keyboard = await inlineKeyboard(choices, links, this.tokens);
    const pieces = splitText(plainTextOf(activity), TELEGRAM_TEXT_LIMIT);
    if (pieces.length === 0 && keyboard) pieces.push(PLEASE_CHOOSE[langOfReply(activity, this.defaultLang)]);
    let lastId: string | undefined;
    for (const [index, text] of pieces.entries()) {
      const sent = await this.api.sendMessage({
        chat_id: chatId,
        text,
        reply_markup: index === pieces.length - 1 ? keyboard : undefined,
        // Previews of the privacy or payment link would double the message on a small screen.
        link_preview_options: { is_disabled: true },
      });
      lastId = String(sent.message_id);
    }
    return lastId;
  }

  protected async deliverTyping(activity: Partial<Activity>): Promise<void> {
    const chatId = activity.conversation?.id;
    if (chatId) await this.api.sendChatAction(chatId, 'typing');
  }
}
