import type { Activity } from 'botbuilder';
import type { Lang } from '../../i18n/lang';

/** The language of an outgoing reply: the bot stamps every reply with ms-MY or en-MY. */
export function langOfReply(activity: Partial<Activity>, fallback: Lang): Lang {
  const locale = (activity.locale ?? '').toLowerCase();
  if (locale.startsWith('ms')) return 'ms';
  if (locale.startsWith('en')) return 'en';
  return fallback;
}
