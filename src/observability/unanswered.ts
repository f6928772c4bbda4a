import { createHash } from 'node:crypto';
import type { Lang } from '../i18n/lang';
import type { KeyValueStore } from '../state/keyValueStore';
import { maskText } from './mask';

interface Entry {
  text: string;
  lang: Lang;
  count: number;
  lastAt: string;
}

const RETENTION_SECONDS = 90 * 24 * 60 * 60;

/**
 * Questions the knowledge base could not answer, grouped by their normalised text, so an agency
 * sees what to write next. Stored masked: a citizen who types their MyKad into a question does not
 * leave it in the operator's list.
 */
export class UnansweredQuestions {
  constructor(private readonly store: KeyValueStore) {}

  async record(question: string, lang: Lang): Promise<void> {
    const text = maskText(question.trim().replace(/\s+/g, ' ')).slice(0, 300);
    const key = `unanswered:${createHash('sha256').update(text.toLowerCase()).digest('hex').slice(0, 24)}`;
    const current = await this.store.get(key);
    const entry: Entry = current ? (JSON.parse(current) as Entry) : { text, lang, count: 0, lastAt: '' };
    entry.count += 1;
    entry.lastAt = new Date().toISOString();
    await this.store.set(key, JSON.stringify(entry), RETENTION_SECONDS);
  }

  async top(limit = 20): Promise<Entry[]> {
    const keys = await this.store.keys('unanswered:');
    const entries = await Promise.all(keys.map(async (key) => JSON.parse((await this.store.get(key)) ?? 'null') as Entry | null));
    return entries.filter((entry): entry is Entry => entry !== null).sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt)).slice(0, limit);
  }
}
