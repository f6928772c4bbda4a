import { TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { runChannelTurn, type TurnOutcome } from '../shared/runChannelTurn';
import type { ChoiceTokens } from '../shared/choiceTokens';
import { sameSecret } from '../shared/secrets';
import type { ChannelDeps } from '../types';
import { commandAsText, telegramActivity } from './inboundActivity';
import { tappedButtonLabel } from './inlineKeyboard';
import type { TelegramAdapter } from './telegramAdapter';
import type { TelegramApi } from './telegramApi';
import { TelegramUpdateSchema, type TelegramUpdate } from './telegramUpdate';

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

interface TelegramWebhookDeps {
  deps: ChannelDeps;
  adapter: TelegramAdapter;
  api: TelegramApi;
  tokens: ChoiceTokens;
  secret: string;
}

/**
 * POST /api/telegram. Only Telegram knows the secret it was given at set-webhook; an update
 * without it is refused. Each update is handled once (Telegram redelivers until it gets a 2xx),
 * processed before answering so nothing is lost if the process stops mid-way, and answered 200
 * even when there is nothing to do with it.
 */
export function telegramWebhook(w: TelegramWebhookDeps) {
  const { deps } = w;
  return async (req: Request, res: Response): Promise<void> => {
    if (!sameSecret(req.header(TELEGRAM_SECRET_HEADER) || undefined, w.secret)) {
      res.send(401, { error: { code: 'BAD_SECRET', message: 'secret token missing or wrong' } });
      return;
    }
    const parsed = TelegramUpdateSchema.safeParse(req.body);
    if (!parsed.success) {
      // Authentic but not something we read: a retry would not change that.
      deps.logger.warn({ channel: 'telegram' }, 'update not understood; acknowledged and ignored');
      res.send(200, {});
      return;
    }
    const update = parsed.data;
    const seenId = `${w.api.botId}:${update.update_id}`;
    if (!(await deps.backend.dedupe.firstTime('telegram', seenId).catch(() => true))) {
      res.send(200, {});
      return;
    }
    let outcome: TurnOutcome;
    try {
      outcome = await handleUpdate(w, update);
    } catch (err) {
      deps.logger.error({ err, channel: 'telegram' }, 'update could not be handled');
      outcome = 'busy';
    }
    if (outcome === 'busy') {
      // The turn never ran: let Telegram's redelivery through.
      await deps.backend.dedupe.forget('telegram', seenId).catch(() => undefined);
      res.send(503, { error: { code: 'BUSY', message: 'try again' } });
      return;
    }
    res.send(200, {});
  };
}

async function handleUpdate(w: TelegramWebhookDeps, update: TelegramUpdate): Promise<TurnOutcome> {
  const { deps, api } = w;
  const common = { botId: api.botId, serviceUrl: deps.config.TELEGRAM_API_URL, updateId: update.update_id };

  const query = update.callback_query;
  if (query) {
    // Always answer, or the citizen's app keeps a spinner on the button.
    await api.answerCallbackQuery(query.id).catch((err) => deps.logger.warn({ err, channel: 'telegram' }, 'callback query not answered'));
    const message = query.message;
    if (!message || !isPrivate(message.chat.type)) return 'done';
    const said = (await w.tokens.decode(query.data).catch(() => undefined)) ?? tappedButtonLabel(message.reply_markup, query.data);
    if (!said) {
      deps.logger.info({ channel: 'telegram' }, 'tapped button no longer known; ignored');
      return 'done';
    }
    const activity = telegramActivity({ ...common, id: `cb-${query.id}`, chatId: message.chat.id, user: query.from, text: said, date: Math.floor(Date.now() / 1000) });
    return runChannelTurn(deps, new TurnContext(w.adapter, activity));
  }

  const message = update.message;
  if (!message?.from || message.from.is_bot) return 'done';
  if (!isPrivate(message.chat.type)) {
    // Citizens share MyKad numbers and OTPs with Khidmat: never in a group.
    deps.logger.info({ channel: 'telegram', chatType: message.chat.type }, 'message outside a private chat ignored');
    return 'done';
  }
  // A photo or sticker arrives without text; the bot then explains it reads text only.
  const text = message.text ? commandAsText(message.text, message.from, deps.config.DEFAULT_LANGUAGE) : '';
  const activity = telegramActivity({ ...common, id: String(message.message_id), chatId: message.chat.id, user: message.from, text, date: message.date });
  return runChannelTurn(deps, new TurnContext(w.adapter, activity));
}

function isPrivate(chatType: string): boolean {
  return chatType === 'private';
}
