import type { ChoiceTokens } from '../shared/choiceTokens';
import type { Choice, LinkChoice } from '../shared/choices';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from './telegramUpdate';

/** Telegram's limit on callback_data. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/**
 * The bot's choices as an inline keyboard, one button per row (labels are whole phrases and must
 * stay readable on a narrow phone); links become URL buttons.
 */
export async function inlineKeyboard(choices: readonly Choice[], links: readonly LinkChoice[], tokens: ChoiceTokens): Promise<InlineKeyboardMarkup | undefined> {
  const rows: InlineKeyboardButton[][] = [];
  for (const choice of choices) rows.push([{ text: choice.label, callback_data: await tokens.encode(choice.value, CALLBACK_DATA_MAX_BYTES) }]);
  for (const link of links) rows.push([{ text: link.label, url: link.url }]);
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/** The label of the tapped button, read from the message it was attached to (when its token expired). */
export function tappedButtonLabel(markup: InlineKeyboardMarkup | undefined, data: string | undefined): string | undefined {
  if (!markup || !data) return undefined;
  return markup.inline_keyboard.flat().find((button) => button.callback_data === data)?.text;
}
