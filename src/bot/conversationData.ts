import type { Lang } from '../i18n/lang';

/** Per-user data that outlives a conversation (USER_TTL_SECONDS): the language they chose. */
export interface UserProfile {
  lang?: Lang;
  /** True once the citizen asked for a language explicitly; detection no longer overrides it. */
  langChosen?: boolean;
  firstSeenAt?: string;
  /** When the citizen was shown the privacy notice, and which version (PDPA notice and choice). */
  privacyNotice?: { version: string; shownAt: string };
  /** When they went on to give personal data (a MyKad) after seeing that notice. */
  consent?: { version: string; at: string };
}

/** Per-conversation data (CONVERSATION_TTL_SECONDS after the last message). */
export interface ConversationData {
  lang?: Lang;
  welcomed?: boolean;
  startedAt?: string;
  /** Consecutive messages the bot could not understand; at two it offers an officer. */
  notUnderstood?: number;
  /** Waiting for "yes" to "delete my data?". */
  pendingErase?: boolean;
  /** A service just completed: the next 1–5 is its rating. */
  awaitingRating?: string;
  /**
   * Whether this conversation is in the officers' queue: 'open' after it asked for an officer,
   * 'none' once the queue was read and held nothing for it. Absent (a new or expired state, or one
   * written before this field existed) means unknown: the queue is read. Only 'none' lets a turn skip
   * that read — the queue can only gain this conversation through one of its own turns.
   */
  handoff?: 'open' | 'none';
}
