import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { Lang } from '../../i18n/lang';
import { logger } from '../../observability/logger';
import type { KnowledgeBase } from '../knowledgeBase';
import type { EmbeddingIndex } from './embeddingIndex';

/** What every retrieved passage carries, whichever store found it. */
export interface PassageMetadata {
  key: string;
  id: string;
  title: string;
  url: string;
  lang: Lang;
  heading: string;
  agency: string;
  service?: string;
  rank: number;
  /** Share of the question's weighted terms found in the section (0–1). */
  coverage: number;
  /** The question names the section's subject (a title/heading term). */
  anchored: boolean;
  /** Cosine similarity to the question, when embeddings are configured. */
  cosine: number | null;
  /** The question's normalised terms (for trimming the answer to what was asked). */
  terms: string[];
}

export interface KnowledgeRetrieverOptions {
  base: KnowledgeBase;
  lang?: Lang;
  k?: number;
  embeddings?: EmbeddingIndex | null;
}

const RRF_K = 60;

/**
 * The knowledge retriever as a LangChain retriever: offline MiniSearch by default, hybrid
 * (MiniSearch + embeddings, reciprocal-rank fusion) when embeddings are configured. Passages come
 * back in the retriever's language; the answer chain does not know which stores were used.
 */
export class KnowledgeRetriever extends BaseRetriever<PassageMetadata> {
  lc_namespace = ['khidmat', 'knowledge'];
  private readonly base: KnowledgeBase;
  private readonly embeddingIndex: EmbeddingIndex | null;
  readonly lang: Lang;
  readonly k: number;

  constructor(options: KnowledgeRetrieverOptions) {
    super();
    this.base = options.base;
    this.lang = options.lang ?? 'ms';
    this.k = options.k ?? 4;
    this.embeddingIndex = options.embeddings ?? null;
  }

  get hybrid(): boolean {
    return this.embeddingIndex !== null;
  }

  /** The same retriever answering in another language. */
  withLang(lang: Lang): KnowledgeRetriever {
    return new KnowledgeRetriever({ base: this.base, lang, k: this.k, embeddings: this.embeddingIndex });
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<PassageMetadata>[]> {
    return this.retrieve(query);
  }

  /**
   * The passages for a question — what `invoke` returns, without LangChain's run bookkeeping (a
   * callback manager, run ids, environment lookups): Khidmat's own answer path calls this on every
   * new question, where that bookkeeping cost as much as the search.
   */
  async retrieve(query: string): Promise<Document<PassageMetadata>[]> {
    const lexical = this.base.lexical.query(query, Math.max(this.k * 2, 8));
    let order = lexical.hits.map((hit) => hit.key);
    const cosineByKey = new Map<string, number>();
    if (this.embeddingIndex) {
      try {
        const dense = await this.embeddingIndex.query(query, Math.max(this.k * 2, 8));
        for (const hit of dense) cosineByKey.set(hit.key, hit.cosine);
        order = reciprocalRankFusion([order, dense.map((hit) => hit.key)]);
      } catch (error) {
        // A down embeddings service must not take answers down: the lexical ranking stands.
        logger.warn({ err: error }, 'knowledge: query embedding failed, using lexical retrieval only');
      }
    }
    const lexicalByKey = new Map(lexical.hits.map((hit) => [hit.key, hit]));
    return order.slice(0, this.k).flatMap((key, rank) => {
      const chunk = this.base.chunk(key, this.lang);
      if (!chunk) return [];
      const metadata: PassageMetadata = {
        key,
        id: chunk.docId,
        title: chunk.title,
        url: chunk.url,
        lang: chunk.lang,
        heading: chunk.heading,
        agency: chunk.agency,
        service: chunk.service,
        rank,
        coverage: lexicalByKey.get(key)?.coverage ?? this.base.lexical.coverage(key, lexical.terms),
        anchored: lexicalByKey.get(key)?.anchored ?? this.base.lexical.anchored(key, lexical.terms),
        cosine: cosineByKey.get(key) ?? null,
        terms: lexical.terms,
      };
      return [new Document<PassageMetadata>({ pageContent: `${chunk.heading}\n${chunk.body}`, metadata })];
    });
  }
}

/** Reciprocal-rank fusion: scores from different stores are not comparable, their ranks are. */
export function reciprocalRankFusion(rankings: ReadonlyArray<readonly string[]>): string[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((key, rank) => scores.set(key, (scores.get(key) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}
