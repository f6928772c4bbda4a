import MiniSearch from 'minisearch';
import type { Chunk } from '../document';
import { analyze, CONCEPT_PREFIX, phraseWords, standardWords } from '../text/analyze';
import { INFORMAL_SPELLING } from '../text/informalSpelling';
import { STOPWORD_LIST } from '../text/stopwords';
import { TypoCorrector } from '../text/typoCorrector';

/** A section (both languages together) that matched a question. */
export interface LexicalHit {
  key: string;
  /** The question names the section's subject (see `anchored`). */
  anchored: boolean;
  /** MiniSearch BM25+ score, best of the two languages. Only comparable within one question. */
  score: number;
  /** Share (0–1) of the question's weighted terms found in the section — our own "do I know this". */
  coverage: number;
}

export interface LexicalResult {
  /** The question's terms after normalisation, synonyms and typo repair. */
  terms: string[];
  hits: LexicalHit[];
}

interface IndexedChunk {
  id: string;
  key: string;
  title: string;
  heading: string;
  body: string;
}

const isConcept = (term: string) => term.startsWith(CONCEPT_PREFIX);

// Concepts too general to say what a question is about; they never anchor a question to a section.
const GENERIC_TERMS = new Set(
  ['fee', 'pay', 'online', 'counter', 'renew', 'expired', 'validity', 'duration', 'bring', 'discount', 'sixmonths', 'twelvemonths', 'jpj', 'jim', 'car', 'peninsular', 'eastmalaysia', 'child', 'void',
    'how', 'where', 'when', 'why', 'happen', 'requirement', 'eligible', 'check', 'over', 'days', 'month', 'age', 'family', 'collect']
    .map((c) => CONCEPT_PREFIX + c)
    .concat(['malaysia', 'malaysian', 'khidmat', 'rate', 'year', 'tahun', 'bulan', 'month', 'for', 'and', 'dan', 'what', 'who', 'how']),
);
const isNumber = (term: string) => /\d/.test(term);

const QUESTION_TERMS = new Set(['how', 'where', 'when', 'why', 'happen', 'requirement', 'eligible', 'check', 'capabilities'].map((c) => CONCEPT_PREFIX + c));

// Rank by BM25 and coverage together (BM25 alone favours one rare word repeated; coverage alone
// ignores emphasis), and prefer sections whose subject the question names.
const rankValue = (hit: LexicalHit, top: number) => hit.score / top + 1.5 * hit.coverage + (hit.anchored ? 0.5 : 0);

/**
 * The offline retriever's engine: MiniSearch (BM25+ with prefix matching) over sections, with
 * Malay-aware analysis, bilingual concepts on both sides, and typo repair of question words
 * (TypoCorrector — cheaper and more predictable here than MiniSearch's own fuzzy search).
 * A section's two languages share one key, so a question in either language finds it.
 */
export class LexicalIndex {
  private readonly search: MiniSearch<IndexedChunk>;
  private readonly termsByKey = new Map<string, Set<string>>();
  private readonly anchorsByKey = new Map<string, Set<string>>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly corrector: TypoCorrector;
  /** Which sections have a term, or an anchor, starting with a given prefix (see `sectionHas`, `anchored`). */
  private readonly termPrefixes: PrefixIndex;
  private readonly anchorPrefixes: PrefixIndex;
  readonly keyCount: number;

  constructor(chunks: readonly Chunk[]) {
    this.search = new MiniSearch<IndexedChunk>({
      fields: ['title', 'heading', 'body'],
      storeFields: ['key'],
      tokenize: (text) => analyze(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => text.split(' ').filter(Boolean),
        processTerm: (term) => term,
        boost: { title: 1.2, heading: 1.6, body: 1 },
        prefix: (term) => term.length >= 5 && !isConcept(term) && !isNumber(term),
        fuzzy: false,
        weights: { prefix: 0.5, fuzzy: 0 },
      },
    });
    const rawVocabulary = new Map<string, number>();
    const indexed: IndexedChunk[] = [];
    for (const chunk of chunks) {
      const terms = this.termsByKey.get(chunk.key) ?? new Set<string>();
      for (const term of analyze(`${chunk.title}\n${chunk.heading}\n${chunk.body}`)) terms.add(term);
      this.termsByKey.set(chunk.key, terms);
      const anchors = this.anchorsByKey.get(chunk.key) ?? new Set<string>();
      for (const term of analyze(`${chunk.title}\n${chunk.heading}`)) if (!GENERIC_TERMS.has(term)) anchors.add(term);
      for (const term of terms) if (isConcept(term) && !GENERIC_TERMS.has(term)) anchors.add(term);
      this.anchorsByKey.set(chunk.key, anchors);
      // The first section's heading is the title: indexing it as a heading too would make the
      // introduction win every question that names the topic.
      const heading = chunk.heading === chunk.title ? '' : chunk.heading;
      indexed.push({ id: `${chunk.key}@${chunk.lang}`, key: chunk.key, title: chunk.title, heading, body: chunk.body });
      for (const word of standardWords(`${chunk.title} ${chunk.heading} ${chunk.body}`)) {
        rawVocabulary.set(word, (rawVocabulary.get(word) ?? 0) + 1);
      }
    }
    for (const terms of this.termsByKey.values()) {
      for (const term of terms) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    this.keyCount = this.termsByKey.size;
    this.termPrefixes = new PrefixIndex(this.termsByKey);
    this.anchorPrefixes = new PrefixIndex(this.anchorsByKey);
    // Words we correct towards: those of the documents and the synonym phrases. Stopwords and
    // informal spellings are known (never "corrected") but are not targets: "toll" must not become "tell".
    const targets = new Set<string>([...rawVocabulary.keys(), ...phraseWords()]);
    const leaveAlone = new Set<string>([...STOPWORD_LIST, ...Object.keys(INFORMAL_SPELLING), ...Object.values(INFORMAL_SPELLING)]);
    this.corrector = new TypoCorrector(targets, rawVocabulary, leaveAlone);
    this.search.addAll(indexed);
    const sectionNumbers = new Map<string, number>();
    for (const { id, key } of indexed) {
      if (!sectionNumbers.has(key)) sectionNumbers.set(key, this.sectionKeys.push(key) - 1);
      this.documentIndex.set(id, this.sectionOfDocument.push(sectionNumbers.get(key)!) - 1);
    }
    this.sums = new Float64Array(indexed.length);
    this.matched = new Uint16Array(indexed.length);
    this.best = new Float64Array(this.sectionKeys.length).fill(-1);
  }

  /** The question's terms, as the index sees them. */
  analyzeQuestion(question: string): string[] {
    return [...new Set(analyze(question, (word) => this.corrector.correct(word)))];
  }

  /**
   * How much a term tells: rare terms weigh more; a term the knowledge base has never seen weighs
   * the most, because a question about something we do not cover is made of such words.
   */
  weight(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    // A figure we have never written (a 3500 cc car) says nothing about whether we cover the topic.
    if (isNumber(term) && df === 0) return 0.5;
    // An unknown word weighs like the rarest known one: enough to pull coverage down for a
    // question about something else, not so much that one odd word sinks a good match.
    const base = Math.log(1 + this.keyCount / (Math.max(df, 1) + 0.5));
    // "how", "where", "when"... steer to the right section but are not what a question is about.
    if (QUESTION_TERMS.has(term)) return base * 0.3;
    // Figures like 1997 (cc) or 300 (ringgit) pin a passage down; small numbers (days, years) barely do.
    if (isNumber(term) && df > 0) return /^\d{3,}/.test(term) ? base * 1.5 : base * 0.5;
    return base;
  }

  /** Does the section contain the term (exactly, or as a word starting with it)? */
  sectionHas(key: string, term: string): boolean {
    return this.termPrefixes.keysWith(term).has(key);
  }

  /**
   * Does the question name what the section is about (a term of its title or heading that is not
   * a generic word like "fee" or "online")? "How much is the toll" shares "how much" with the fee
   * pages but names none of their subjects.
   */
  anchored(key: string, terms: readonly string[]): boolean {
    return terms.some((term) => this.anchorPrefixes.keysWith(term).has(key));
  }

  coverage(key: string, terms: readonly string[], weights: readonly number[] = terms.map((term) => this.weight(term))): number {
    return coverageOf(key, terms.map((term) => this.termPrefixes.keysWith(term)), weights);
  }

  /**
   * MiniSearch's BM25 of one term over every section (prefix matches included), remembered: the
   * documents do not change while the process runs, and questions are made of the same few hundred
   * terms — walking the index for each term of each question was the largest cost of a new question.
   * Kept as numbered documents (see `documentIndex`) so a query sums them in arrays, not maps.
   */
  private readonly termScores = new Map<string, TermScores>();
  /** Each indexed document (a section in one language) numbered, with the number of its section. */
  private readonly documentIndex = new Map<string, number>();
  private readonly sectionOfDocument: number[] = [];
  private readonly sectionKeys: string[] = [];
  /** A query's working arrays, one slot per document / section; back at rest (0, 0, -1) after each query. */
  private readonly sums: Float64Array;
  private readonly matched: Uint16Array;
  private readonly best: Float64Array;

  private scoresOf(term: string): TermScores {
    let scores = this.termScores.get(term);
    if (!scores) {
      const results = this.search.search(term);
      scores = { documents: new Int32Array(results.length), scores: new Float64Array(results.length) };
      results.forEach((result, i) => {
        scores!.documents[i] = this.documentIndex.get(result.id as string)!;
        scores!.scores[i] = result.score;
      });
      // Bounded: emptied when full, as the words of the next questions refill it.
      if (this.termScores.size >= 5_000) this.termScores.clear();
      this.termScores.set(term, scores);
    }
    return scores;
  }

  query(question: string, limit = 8): LexicalResult {
    const terms = this.analyzeQuestion(question);
    if (terms.length === 0) return { terms, hits: [] };
    // What MiniSearch's OR query computes, from the remembered per-term scores: a document's score is
    // the sum over the question's terms, times how many of them it matched; a section takes the
    // better of its two languages. Documents and sections are visited in the order first met, as
    // the maps this replaced iterated them, so equal scores rank as before.
    const perTerm = terms.map((term) => this.scoresOf(term));
    const { sums, matched, best } = this;
    const touched: number[] = [];
    for (const { documents: ids, scores } of perTerm) {
      for (let i = 0; i < ids.length; i += 1) {
        const id = ids[i]!;
        if (matched[id] === 0) touched.push(id);
        sums[id] += scores[i]!;
        matched[id] += 1;
      }
    }
    const sections: number[] = [];
    for (const id of touched) {
      const score = sums[id]! * matched[id]!;
      const section = this.sectionOfDocument[id]!;
      if (best[section] === -1) sections.push(section);
      if (best[section]! < score) best[section] = score;
      sums[id] = 0;
      matched[id] = 0;
    }
    // Sorted as section numbers (a stable sort, so ties keep the order first met); a pair per
    // section met was most of what a new question allocated here.
    sections.sort((a, b) => best[b]! - best[a]!);
    const kept = Math.min(sections.length, Math.max(limit * 2, 12));
    const ranked: Array<readonly [string, number]> = [];
    for (let i = 0; i < kept; i += 1) ranked.push([this.sectionKeys[sections[i]!]!, best[sections[i]!]!]);
    for (const section of sections) best[section] = -1;
    const top = ranked[0]?.[1] ?? 1;
    const weights = terms.map((term) => this.weight(term));
    // Each term's sections looked up once for the whole ranking, not once per ranked section.
    const having = terms.map((term) => this.termPrefixes.keysWith(term));
    const naming = terms.map((term) => this.anchorPrefixes.keysWith(term));
    const hits = ranked
      .map(([key, score]) => ({ key, score, coverage: coverageOf(key, having, weights), anchored: naming.some((keys) => keys.has(key)) }))
      .sort((a, b) => rankValue(b, top) - rankValue(a, top))
      .slice(0, limit);
    return { terms, hits };
  }
}

/** One term's BM25 over the documents that have it: document numbers and their scores, in MiniSearch's order. */
interface TermScores {
  documents: Int32Array;
  scores: Float64Array;
}

/** A question word of five letters or more also matches the longer words it begins ("renew" → "renewal"). */
const matchesAsPrefix = (term: string) => term.length >= 5 && !isConcept(term) && !isNumber(term);

/** Share of the weights of the terms whose sections (`having`, one set per term) include `key`. */
function coverageOf(key: string, having: ReadonlyArray<ReadonlySet<string>>, weights: readonly number[]): number {
  let total = 0;
  let found = 0;
  for (let i = 0; i < having.length; i += 1) {
    total += weights[i]!;
    if (having[i]!.has(key)) found += weights[i]!;
  }
  return total === 0 ? 0 : found / total;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * The sections that have a term — exactly, or for a question word of five letters or more, as the
 * start of a longer word — found by binary search in the sorted vocabulary and remembered per term:
 * scanning each candidate section's terms for every question word was most of a new question's
 * retrieval.
 */
class PrefixIndex {
  private readonly sorted: string[];
  private readonly keysByTerm = new Map<string, string[]>();
  private readonly exactly = new Map<string, ReadonlySet<string>>();
  /** Per prefix; question words recur. Bounded: emptied when full (refilled from the next questions). */
  private readonly remembered = new Map<string, ReadonlySet<string>>();

  constructor(termsByKey: ReadonlyMap<string, ReadonlySet<string>>) {
    for (const [key, terms] of termsByKey) {
      for (const term of terms) {
        const keys = this.keysByTerm.get(term);
        if (keys) keys.push(key);
        else this.keysByTerm.set(term, [key]);
      }
    }
    for (const [term, keys] of this.keysByTerm) this.exactly.set(term, new Set(keys));
    // Code-unit order, as `<` compares: the words starting with a prefix are one run of it.
    this.sorted = [...this.keysByTerm.keys()].sort();
  }

  /** The sections having `term` as a word, or (when it may match as a prefix) at the start of one. */
  keysWith(term: string): ReadonlySet<string> {
    return matchesAsPrefix(term) ? this.keysStartingWith(term) : (this.exactly.get(term) ?? NO_KEYS);
  }

  keysStartingWith(prefix: string): ReadonlySet<string> {
    let keys = this.remembered.get(prefix);
    if (!keys) {
      const found = new Set<string>();
      let low = 0;
      let high = this.sorted.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (this.sorted[middle]! < prefix) low = middle + 1;
        else high = middle;
      }
      for (let i = low; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i += 1) {
        for (const key of this.keysByTerm.get(this.sorted[i]!)!) found.add(key);
      }
      keys = found;
      if (this.remembered.size >= 5_000) this.remembered.clear();
      this.remembered.set(prefix, keys);
    }
    return keys;
  }
}
