import type { Document } from '@langchain/core/documents';
import { pick, type Lang } from '../../i18n/lang';
import type { Chunk } from '../document';
import type { KnowledgeBase } from '../knowledgeBase';
import type { PassageMetadata } from '../retrieval/knowledgeRetriever';
import { KNOWLEDGE_TEXTS } from './texts';
import { NO_SIZES, type SizesAsked } from './engineBand';
import { trimPassage } from './trimPassage';

export interface ComposedAnswer {
  answer: string;
  sources: { id: string; title: string; url: string }[];
  service?: string;
  /** The key of the passage quoted first (a region's rate can lead the retrieval and still come second). */
  lead: string;
}

/** Appends the source line (and, for fees, where to check the current rate). */
export function withCitation(text: string, lang: Lang, passage: PassageMetadata): string {
  const parts = [text.trim(), '', pick(KNOWLEDGE_TEXTS.source, lang, { title: passage.title, url: passage.url })];
  if (/\bRM\s?\d/.test(text) && (passage.agency === 'JPJ' || passage.agency === 'JIM')) {
    parts.push(pick(KNOWLEDGE_TEXTS.feeNote, lang, { agency: passage.agency }));
  }
  return parts.join('\n');
}

/**
 * The offline answer: the best passage in the citizen's language, trimmed to what was asked — for a
 * question naming engine sizes (`sizes`, cc), to the rate lines whose bands hold them.
 */
export function composeOfflineAnswer(base: KnowledgeBase, lang: Lang, passages: readonly Document<PassageMetadata>[], sizes: SizesAsked = NO_SIZES): ComposedAnswer | null {
  const top = passages[0];
  if (!top) return null;
  const chunk = base.chunk(top.metadata.key, lang);
  if (!chunk) return null;
  const isIntro = chunk.heading === chunk.title;
  // A section's heading alone can hide what it is about ("cars over 1,600 cc" — in which region?):
  // the document's title says it, so the citizen never reads Sabah's rates as the Peninsula's.
  const quote = (meta: PassageMetadata, section: Chunk) => {
    const trimmed = trimPassage(section, base.otherLanguage(meta.key, lang), meta.terms, (term) => base.lexical.weight(term), { sizes });
    return isIntro ? trimmed : `${section.title} — ${section.heading}:\n${trimmed}`;
  };
  const sibling = isIntro ? undefined : parallelSection(passages, top.metadata);
  const siblingChunk = sibling && base.chunk(sibling.key, lang);
  if (!sibling || !siblingChunk) {
    const quoted = quote(top.metadata, chunk);
    return { answer: withCitation(quoted, lang, top.metadata), sources: [source(top.metadata)], service: top.metadata.service, lead: top.metadata.key };
  }
  // The same section of a parallel document (the other region's rates) fits the question as well:
  // the question did not say which applies, so both are quoted, each under its own title. First the
  // one whose region the question names ("Borneo"), else the one without a region (the Peninsula's,
  // which most citizens need), else the better ranked.
  const asked = new Set(top.metadata.terms);
  const named = (section: Chunk) =>
    section.region?.some((name) => {
      const terms = base.lexical.analyzeQuestion(name);
      return terms.length > 0 && terms.every((term) => asked.has(term));
    }) ?? false;
  const siblingLeads = named(chunk) ? false : named(siblingChunk) || (Boolean(chunk.region) && !siblingChunk.region);
  const [lead, other] = siblingLeads ? [[sibling, siblingChunk] as const, [top.metadata, chunk] as const] : [[top.metadata, chunk] as const, [sibling, siblingChunk] as const];
  const leadQuoted = quote(...lead);
  const otherQuoted = quote(...other);
  return {
    answer: `${withCitation(leadQuoted, lang, lead[0])}\n\n${otherQuoted}\n\n${pick(KNOWLEDGE_TEXTS.source, lang, { title: other[0].title, url: other[0].url })}`,
    sources: [source(lead[0]), source(other[0])],
    service: lead[0].service,
    lead: lead[0].key,
  };
}

function source(meta: PassageMetadata): { id: string; title: string; url: string } {
  return { id: meta.id, title: meta.title, url: meta.url };
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
