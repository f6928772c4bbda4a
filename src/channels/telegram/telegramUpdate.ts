import { z } from 'zod';

/**
 * The parts of a Telegram Update (https://core.telegram.org/bots/api#update) Khidmat reads. The
 * webhook only subscribes to `message` and `callback_query`; anything else is acknowledged and left.
 */
const TelegramUser = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  language_code: z.string().optional(),
});

const TelegramChat = z.object({ id: z.number().int(), type: z.string() });

const InlineKeyboard = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }))),
});

const TelegramMessage = z.object({
  message_id: z.number().int(),
  from: TelegramUser.optional(),
  chat: TelegramChat,
  date: z.number().int(),
  text: z.string().optional(),
  reply_markup: InlineKeyboard.optional(),
});

const TelegramCallbackQuery = z.object({
  id: z.string(),
  from: TelegramUser,
  message: TelegramMessage.optional(),
  data: z.string().optional(),
});

export const TelegramUpdateSchema = z.object({
  update_id: z.number().int(),
  message: TelegramMessage.optional(),
  callback_query: TelegramCallbackQuery.optional(),
});

export type TelegramUpdate = z.infer<typeof TelegramUpdateSchema>;
export type TelegramUserInfo = z.infer<typeof TelegramUser>;
export type TelegramMessageInfo = z.infer<typeof TelegramMessage>;

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}
