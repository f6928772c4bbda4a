import { ActivityTypes, type Activity } from 'botbuilder';
import type { Bilingual, Lang } from '../../i18n/lang';
import type { TelegramUserInfo } from './telegramUpdate';

const GREETING: Bilingual = { ms: 'hai', en: 'hello' };

/**
 * Telegram commands as words the bot understands: /start (the first thing every Telegram user
 * sends) is a greeting in the user's app language when it is Malay or English; /menu asks for the
 * menu. Any other command is passed on as its word ("/help" → "help").
 */
export function commandAsText(text: string, user: TelegramUserInfo | undefined, defaultLang: Lang): string {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return text;
  const command = match[1].toLowerCase();
  if (command === 'start') return GREETING[appLanguage(user) ?? defaultLang];
  if (command === 'menu') return 'menu';
  return [command, match[2]?.trim()].filter(Boolean).join(' ');
}

function appLanguage(user: TelegramUserInfo | undefined): Lang | undefined {
  const code = user?.language_code?.toLowerCase() ?? '';
  if (code.startsWith('ms')) return 'ms';
  if (code.startsWith('en')) return 'en';
  return undefined;
}

/**
 * A Bot Framework message activity for something a Telegram user said (typed or tapped). The
 * conversation is the chat, the user is the sender. The app's language code stays in channelData:
 * as `locale` it would be copied onto every reply and override the language the bot answers in.
 */
export function telegramActivity(input: {
  id: string;
  chatId: number;
  user: TelegramUserInfo;
  text: string;
  date: number;
  botId: string;
  serviceUrl: string;
  updateId: number;
}): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id: input.id,
    channelId: 'telegram',
    serviceUrl: input.serviceUrl,
    timestamp: new Date(input.date * 1000),
    conversation: { id: String(input.chatId), isGroup: false, conversationType: 'personal', name: '' },
    from: { id: String(input.user.id), name: input.user.first_name ?? '', role: 'user' },
    recipient: { id: input.botId, name: 'Khidmat', role: 'bot' },
    text: input.text,
    textFormat: 'plain',
    channelData: { updateId: input.updateId, languageCode: input.user.language_code },
  };
}
