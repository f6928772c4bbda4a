import type { Lang } from '../i18n/lang';
import type { UserProfile } from './conversationData';

/**
 * Which language to answer in this turn:
 * - an explicit request ("English please") always wins and is remembered;
 * - a citizen who chose a language keeps it whatever they type (code-mixing is normal here);
 * - otherwise follow what they write: the detector already keeps the previous language for short or
 *   neutral replies ("ok", "12", a plate), so a one-word answer does not flip the conversation.
 */
export function chooseLanguage(input: { detected: Lang; switchTo: Lang | null; profile: UserProfile; fallback: Lang }): {
  lang: Lang;
  explicit: boolean;
} {
  if (input.switchTo) return { lang: input.switchTo, explicit: true };
  if (input.profile.langChosen && input.profile.lang) return { lang: input.profile.lang, explicit: false };
  return { lang: input.detected ?? input.profile.lang ?? input.fallback, explicit: false };
}
