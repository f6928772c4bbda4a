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
  const answer = withCitation(quoted, lang, meta);
  const sibling = isIntro ? undefined : parallelSection(passages, meta);
  const siblingChunk = sibling && base.chunk(sibling.key, lang);
  if (!sibling || !siblingChunk) return { answer, sources: [{ id: meta.id, title: meta.title, url: meta.url }], service: meta.service, quoted };
  // The same section of a parallel document (the other region's rates) fits the question as well:
  // the question did not say which applies, so both are quoted, each under its own title.
  const siblingTrimmed = trimPassage(siblingChunk, base.otherLanguage(sibling.key, lang), sibling.terms, (term) => base.lexical.weight(term));
  const siblingQuoted = `${siblingChunk.title} — ${siblingChunk.heading}:\n${siblingTrimmed}`;
  return {
    answer: `${answer}\n\n${siblingQuoted}\n\n${pick(KNOWLEDGE_TEXTS.source, lang, { title: sibling.title, url: sibling.url })}`,
    sources: [
      { id: meta.id, title: meta.title, url: meta.url },
      { id: sibling.id, title: sibling.title, url: sibling.url },
    ],
    service: meta.service,
    quoted: `${quoted}\n\n${siblingQuoted}`,
  };
}

/**
 * A section with the same heading in another document of the same service that the question fits
 * at least as well as the one chosen — Sabah and Sarawak's "cars over 1,600 cc" beside the
 * Peninsula's, when the question named no region.
 */
function parallelSection(passages: readonly Document<PassageMetadata>[], top: PassageMetadata): PassageMetadata | undefined {
  return passages
    .slice(1)
    .map((passage) => passage.metadata)
    .find((other) => other.id !== top.id && other.service === top.service && other.heading === top.heading && other.coverage >= top.coverage);
}
