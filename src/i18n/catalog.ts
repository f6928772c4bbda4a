import { fill, type Bilingual, type Lang } from './lang';
import { flow } from './messages/flow';
import { general } from './messages/general';
import { operations } from './messages/operations';
import { payments } from './messages/payments';
import { router } from './messages/router';
import { whatsapp } from './messages/whatsapp';

/**
 * One key space for every user-facing string of the bot itself (services carry their own texts in
 * dialogs/). Each group is a `Record<string, Bilingual>`, so a string in one language only does not
 * compile; tests/i18n also checks that no text is empty or left untranslated.
 */
export const catalog = {
  ...general,
  ...flow,
  ...router,
  ...operations,
  ...payments,
  ...whatsapp,
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof catalog;

export function t(lang: Lang, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  return fill(catalog[key][lang], params);
}
