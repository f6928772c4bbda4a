import type { Bilingual, Lang } from '../../i18n/lang';
import type { KeyValueStore } from '../../state/keyValueStore';
import type { Choice, LinkChoice } from './choices';

const REPLY_WITH_NUMBER: Bilingual = {
  ms: 'Balas dengan nombor pilihan anda.',
  en: 'Reply with the number of your choice.',
};

/**
 * Where a channel cannot show the bot's choices as buttons, they become a numbered list under the
 * text, and links are written out in full.
 */
export function withNumberedChoices(text: string, choices: readonly Choice[], links: readonly LinkChoice[], lang: Lang): string {
  const parts = [text.trim()];
  if (choices.length > 0) {
    parts.push(choices.map((choice, index) => `${index + 1}. ${choice.label}`).join('\n'));
    parts.push(REPLY_WITH_NUMBER[lang]);
  }
  if (links.length > 0) parts.push(linkLines(links));
  return parts.filter(Boolean).join('\n\n');
}

export function linkLines(links: readonly LinkChoice[]): string {
  return links.map((link) => (link.label === link.url ? link.url : `${link.label}: ${link.url}`)).join('\n');
}

/**
 * Remembers the numbered list last sent in a conversation, so that a citizen who answers "2" is
 * understood as choosing its second entry. Any later message without a list forgets it: a "2" given
 * to a new question ("how many years?") must stay a 2.
 */
export class NumberedChoiceMemory {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds = 24 * 60 * 60,
  ) {}

  async remember(conversationKey: string, values: readonly string[]): Promise<void> {
    await this.kv.set(this.key(conversationKey), JSON.stringify(values), this.ttlSeconds);
  }

  async forget(conversationKey: string): Promise<void> {
    await this.kv.delete(this.key(conversationKey));
  }

  /** The chosen value when `text` is just a number from the last list; otherwise the text unchanged. */
  async resolve(conversationKey: string, text: string): Promise<string> {
    const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
    if (!match) return text;
    const stored = await this.kv.get(this.key(conversationKey)).catch(() => null);
    if (!stored) return text;
    let values: unknown;
    try {
      values = JSON.parse(stored);
    } catch {
      return text;
    }
    const index = Number(match[1]) - 1;
    return Array.isArray(values) && typeof values[index] === 'string' ? values[index] : text;
  }

  private key(conversationKey: string): string {
    return `channel:numbered:${conversationKey}`;
  }
}
