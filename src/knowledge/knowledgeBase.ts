import type { Lang } from '../i18n/lang';
import type { Chunk, KnowledgeDocument } from './document';
import { toChunks } from './loadDocuments';
import { LexicalIndex } from './retrieval/lexicalIndex';

/** The loaded documents, their sections by key and language, and the lexical index over them. */
export class KnowledgeBase {
  readonly chunks: readonly Chunk[];
  readonly lexical: LexicalIndex;
  private readonly byKey = new Map<string, Partial<Record<Lang, Chunk>>>();
  private readonly byDoc = new Map<string, Partial<Record<Lang, KnowledgeDocument>>>();

  constructor(readonly documents: readonly KnowledgeDocument[]) {
    this.chunks = toChunks(documents);
    for (const chunk of this.chunks) {
      const pair = this.byKey.get(chunk.key) ?? {};
      pair[chunk.lang] = chunk;
      this.byKey.set(chunk.key, pair);
    }
    for (const doc of documents) {
      const pair = this.byDoc.get(doc.id) ?? {};
      pair[doc.lang] = doc;
      this.byDoc.set(doc.id, pair);
    }
    this.lexical = new LexicalIndex(this.chunks);
  }

  /** A section in the wanted language (every topic exists in both; checked at load). */
  chunk(key: string, lang: Lang): Chunk | undefined {
    const pair = this.byKey.get(key);
    return pair?.[lang] ?? pair?.ms ?? pair?.en;
  }

  otherLanguage(key: string, lang: Lang): Chunk | undefined {
    return this.byKey.get(key)?.[lang === 'ms' ? 'en' : 'ms'];
  }

  document(id: string, lang: Lang): KnowledgeDocument | undefined {
    return this.byDoc.get(id)?.[lang];
  }

  get topicIds(): string[] {
    return [...this.byDoc.keys()];
  }
}
