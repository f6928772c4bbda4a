import type { Document } from '@langchain/core/documents';
import { pick, type Lang } from '../../i18n/lang';
import type { KnowledgeBase } from '../knowledgeBase';
import type { PassageMetadata } from '../retrieval/knowledgeRetriever';
import { KNOWLEDGE_TEXTS } from './texts';
import { trimPassage } from './trimPassage';

export interface ComposedAnswer {
  answer: string;
  sources: { id: string; title: string; url: string }[];
  service?: string;
  /** The passage text quoted, without the source line (what the LLM answer is checked against). */
  quoted: string;
}

/** Appends the source line (and, for fees, where to check the current rate). */
export function withCitation(text: string, lang: Lang, passage: PassageMetadata): string {
  const parts = [text.trim(), '', pick(KNOWLEDGE_TEXTS.source, lang, { title: passage.title, url: passage.url })];
  if (/\bRM\s?\d/.test(text) && (passage.agency === 'JPJ' || passage.agency === 'JIM')) {
    parts.push(pick(KNOWLEDGE_TEXTS.feeNote, lang, { agency: passage.agency }));
  }
  return parts.join('\n');
}

/** The offline answer: the best passage in the citizen's language, trimmed to what was asked. */
export function composeOfflineAnswer(base: KnowledgeBase, lang: Lang, passages: readonly Document<PassageMetadata>[]): ComposedAnswer | null {
  const top = passages[0];
  if (!top) return null;
  const meta = top.metadata;
  const chunk = base.chunk(meta.key, lang);
  if (!chunk) return null;
  const twin = base.otherLanguage(meta.key, lang);
  const trimmed = trimPassage(chunk, twin, meta.terms, (term) => base.lexical.weight(term));
  const isIntro = chunk.heading === chunk.title;
  // A section's heading alone can hide what it is about ("cars over 1,600 cc" — in which region?):
  // the document's title says it, so the citizen never reads Sabah's rates as the Peninsula's.
  const quoted = isIntro ? trimmed : `${chunk.title} — ${chunk.heading}:\n${trimmed}`;
  return {
    answer: withCitation(quoted, lang, meta),
    sources: [{ id: meta.id, title: meta.title, url: meta.url }],
    service: meta.service,
    quoted,
  };
}
