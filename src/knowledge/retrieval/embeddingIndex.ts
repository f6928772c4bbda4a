import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../document';

export interface EmbeddingHit {
  key: string;
  cosine: number;
}

/**
 * Dense vectors for every section, computed once at start-up and kept in memory (the knowledge
 * base is small: a few hundred sections). Cosine similarity against the question's vector.
 */
export class EmbeddingIndex {
  private constructor(
    private readonly embeddings: EmbeddingsInterface,
    private readonly entries: ReadonlyArray<{ key: string; vector: Float64Array }>,
  ) {}

  static async build(chunks: readonly Chunk[], embeddings: EmbeddingsInterface): Promise<EmbeddingIndex> {
    const vectors = await embeddings.embedDocuments(chunks.map((chunk) => `${chunk.title}\n${chunk.heading}\n${chunk.body}`));
    if (vectors.length !== chunks.length) {
      throw new Error(`embeddings returned ${vectors.length} vectors for ${chunks.length} sections`);
    }
    return new EmbeddingIndex(
      embeddings,
      chunks.map((chunk, i) => ({ key: chunk.key, vector: unit(vectors[i]) })),
    );
  }

  async query(question: string, limit = 8): Promise<EmbeddingHit[]> {
    const q = unit(await this.embeddings.embedQuery(question));
    const best = new Map<string, number>();
    for (const entry of this.entries) {
      if (entry.vector.length !== q.length) continue;
      let dot = 0;
      for (let i = 0; i < q.length; i += 1) dot += q[i] * entry.vector[i];
      if (!best.has(entry.key) || best.get(entry.key)! < dot) best.set(entry.key, dot);
    }
    return [...best.entries()]
      .map(([key, cosine]) => ({ key, cosine }))
      .sort((a, b) => b.cosine - a.cosine)
      .slice(0, limit);
  }
}

function unit(vector: readonly number[]): Float64Array {
  const out = Float64Array.from(vector);
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i += 1) out[i] /= norm;
  return out;
}
