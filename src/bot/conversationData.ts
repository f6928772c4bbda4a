import type { Lang } from '../i18n/lang';

/** Per-user data that outlives a conversation (USER_TTL_SECONDS): the language they chose. */
export interface UserProfile {
  lang?: Lang;
  /** True once the citizen asked for a language explicitly; detection no longer overrides it. */
  langChosen?: boolean;
  firstSeenAt?: string;
}

/** Per-conversation data (CONVERSATION_TTL_SECONDS after the last message). */
export interface ConversationData {
  lang?: Lang;
  welcomed?: boolean;
  startedAt?: string;
}
