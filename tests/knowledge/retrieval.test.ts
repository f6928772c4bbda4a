import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createKnowledge, KnowledgeRetriever } from '../../src/knowledge';
import { analyze, rawTokens } from '../../src/knowledge/text/analyze';
import { LexicalIndex } from '../../src/knowledge/retrieval/lexicalIndex';
import { CONCEPT_PREFIX } from '../../src/knowledge/text/analyze';
import { stem } from '../../src/knowledge/text/stem';
import { boundedDamerauLevenshtein } from '../../src/knowledge/text/typoCorrector';

const concept = (text: string) => analyze(text).filter((t) => t.startsWith('c_'));

describe('Malay-aware normalisation', () => {
  it.each([
    ['1,997cc', ['1997', 'cc']],
    ['RM378.50', ['rm', '378.5']],
    ['RM90.00', ['rm', '90']],
    ['kanak-kanak', ['kanak']],
    ["worker's e-LKM", ['worker', 'elkm']],
    ['Kelas B2', ['kelas', 'b2']],
  ])('tokenises %s', (text, tokens) => {
    expect(rawTokens(text)).toEqual(tokens);
  });

  it.each([
    ['memperbaharui', 'baharu'],
    ['pembaharuan', 'baharu'],
    ['diperbaharui', 'baharu'],
    ['pemeriksaan', 'periksa'],
    ['menyemak', 'semak'],
    ['bayaran', 'bayar'],
    ['licences', 'licenc'],
    ['digital', 'digital'],
  ])('stems %s to %s', (word, root) => {
    expect(stem(word)).toBe(root);
  });

  it('repairs informal spellings before matching', () => {
    expect(analyze('brp hrg roadtax kete')).toEqual(analyze('berapa harga cukai jalan kereta'));
    expect(analyze('x boleh')).toEqual(analyze('tidak boleh'));
  });
});

describe('bilingual synonyms', () => {
  it.each([
    [['cukai jalan', 'road tax', 'roadtax', 'LKM', 'lesen kenderaan motor'], 'c_roadtax'],
    [['lesen memandu', 'driving licence', 'driving license', 'LMM'], 'c_drivinglicence'],
    [['saman', 'summons', 'kompaun'], 'c_summons'],
    [['pasport', 'passport'], 'c_passport'],
    [['sekatan perjalanan', 'travel ban', 'travel restriction'], 'c_travelban'],
    [['senarai hitam', 'blacklist', 'disenarai hitam'], 'c_blacklist'],
    [['temujanji', 'temu janji', 'appointment'], 'c_appointment'],
    [['memperbaharui', 'renew', 'pembaharuan'], 'c_renew'],
  ])('%j all mean %s', (phrases, expected) => {
    for (const phrase of phrases) expect(concept(phrase), phrase).toContain(expected);
  });

  it('prefers the longest phrase ("lesen kenderaan motor" is road tax, not a driving licence)', () => {
    expect(concept('lesen kenderaan motor')).toEqual(['c_roadtax']);
  });

  it('reads "budak 10 tahun" as an age, not the 10-year passport', () => {
    expect(analyze('pasport budak 10 tahun')).not.toContain('c_tenyear');
    expect(analyze('pasport 10 tahun')).toContain('c_tenyear');
  });
});

describe('typo tolerance', () => {
  it('measures edits with transpositions counted once', () => {
    expect(boundedDamerauLevenshtein('pasprot', 'pasport', 2)).toBe(1);
    expect(boundedDamerauLevenshtein('abc', 'xyz', 1)).toBe(2);
  });

  it.each([
    ['pasprot hilang', 'passport-lost-damaged'],
    ['lesn memandu terbatal', 'licence-void'],
    ['insurans tamat, boleh renwe cukai jalan?', 'roadtax-renewal'],
    ['kejra mata demerit', 'kejara-demerit'],
  ])('"%s" still finds %s', async (question, id) => {
    const knowledge = await createKnowledge();
    const passages = await knowledge.retriever.withLang('ms').invoke(question);
    expect(passages[0].metadata.id).toBe(id);
  });

  it('does not "correct" an unknown word into a stopword (toll ≠ tell)', async () => {
    const knowledge = await createKnowledge();
    expect(knowledge.base.lexical.analyzeQuestion('toll to Penang')).toContain('toll');
  });
});

describe('the LangChain retriever', () => {
  it('is a BaseRetriever returning passages in the requested language for a question in either', async () => {
    const knowledge = await createKnowledge();
    expect(knowledge.retriever).toBeInstanceOf(KnowledgeRetriever);
    const english = await knowledge.retriever.withLang('en').invoke('berapa bayaran pasport warga emas');
    const malay = await knowledge.retriever.withLang('ms').invoke('passport fee for senior citizens');
    expect(english[0].metadata).toMatchObject({ id: 'passport-fees', lang: 'en' });
    expect(malay[0].metadata).toMatchObject({ id: 'passport-fees', lang: 'ms' });
    expect(english[0].metadata.key).toBe(malay[0].metadata.key);
    expect(malay[0].pageContent).toContain('Warga emas');
  });

  it('answers without LangChain run bookkeeping (retrieve), giving what LangChain callers get (invoke)', async () => {
    const knowledge = await createKnowledge();
    const invoked = vi.spyOn(KnowledgeRetriever.prototype, 'invoke');
    const retrieved = vi.spyOn(KnowledgeRetriever.prototype, 'retrieve');
    await knowledge.ask('berapa bayaran pasport warga emas', { lang: 'ms' });
    expect(invoked).not.toHaveBeenCalled();
    expect(retrieved).toHaveBeenCalledTimes(1);
    invoked.mockRestore();
    retrieved.mockRestore();
    const questions = readFileSync(join(__dirname, 'eval/questions.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { question: string; lang: 'ms' | 'en' });
    for (const { question, lang } of questions) {
      const retriever = knowledge.retriever.withLang(lang);
      expect(await retriever.retrieve(question), question).toEqual(await retriever.invoke(question));
    }
  });

  it('returns at most k passages with their coverage, best first', async () => {
    const knowledge = await createKnowledge({ k: 3 });
    const passages = await knowledge.retriever.invoke('roadtax 1997cc semenanjung');
    expect(passages.length).toBe(3);
    expect(passages[0].metadata.coverage).toBeGreaterThan(0.9);
    expect(passages.map((p) => p.metadata.rank)).toEqual([0, 1, 2]);
  });
});

describe('remembered term scores', () => {
  it("rank exactly as MiniSearch's own multi-term query does, first time and from memory", async () => {
    const knowledge = await createKnowledge();
    const index = new LexicalIndex(knowledge.base.chunks);
    const engine = (index as unknown as { search: { search(q: string): Array<{ key: string; score: number }> } }).search;
    const questions = readFileSync(join(__dirname, 'eval/questions.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { question: string }).question);
    for (const question of [...questions, ...questions.map((q) => `tolong, ${q} terima kasih`)]) {
      const terms = index.analyzeQuestion(question);
      if (!terms.length) continue;
      const expected = new Map<string, number>();
      for (const result of engine.search(terms.join(' '))) expected.set(result.key, Math.max(expected.get(result.key) ?? -Infinity, result.score));
      for (const hit of index.query(question, 8).hits) expect(hit.score, `${question} → ${hit.key}`).toBeCloseTo(expected.get(hit.key)!, 9);
    }
  });
});

describe('the ranking of a question', () => {
  it('is what the map-based combination of MiniSearch results gave, ties and all', async () => {
    const knowledge = await createKnowledge();
    const index = new LexicalIndex(knowledge.base.chunks);
    const engine = (index as unknown as { search: { search(q: string): Array<{ id: string; key: string; score: number }> } }).search;
    // The previous implementation of LexicalIndex.query, kept here as the reference.
    const reference = (question: string, limit = 8) => {
      const terms = index.analyzeQuestion(question);
      const combined = new Map<string, { key: string; sum: number; matched: number }>();
      for (const term of terms) {
        for (const { id, key, score } of engine.search(term)) {
          const entry = combined.get(id);
          if (entry) {
            entry.sum += score;
            entry.matched += 1;
          } else combined.set(id, { key, sum: score, matched: 1 });
        }
      }
      const best = new Map<string, number>();
      for (const { key, sum, matched } of combined.values()) {
        const score = sum * matched;
        if (!best.has(key) || best.get(key)! < score) best.set(key, score);
      }
      const ranked = [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.max(limit * 2, 12));
      const top = ranked[0]?.[1] ?? 1;
      const rankValue = (hit: { score: number; coverage: number; anchored: boolean }) => hit.score / top + 1.5 * hit.coverage + (hit.anchored ? 0.5 : 0);
      return ranked
        .map(([key, score]) => ({ key, score, coverage: index.coverage(key, terms), anchored: index.anchored(key, terms) }))
        .sort((a, b) => rankValue(b) - rankValue(a))
        .slice(0, limit);
    };
    const questions = readFileSync(join(__dirname, 'eval/questions.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { question: string }).question);
    let compared = 0;
    for (const question of [...questions, ...questions.map((q) => `tolong, ${q} terima kasih`), 'berapa', 'fee', 'pasport pasport pasport']) {
      const expected = reference(question);
      // Twice: the second time from the remembered per-term scores.
      for (const round of [1, 2]) expect(index.query(question).hits, `${question} (${round})`).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('prefix lookups (sectionHas, anchored)', () => {
  it('agree with scanning each section, for every term of every evaluation question', async () => {
    const knowledge = await createKnowledge();
    const index = new LexicalIndex(knowledge.base.chunks);
    const internals = index as unknown as { termsByKey: Map<string, Set<string>>; anchorsByKey: Map<string, Set<string>> };
    const prefixable = (term: string) => term.length >= 5 && !term.startsWith(CONCEPT_PREFIX) && !/\d/.test(term);
    const scan = (words: Set<string> | undefined, term: string) => Boolean(words && (words.has(term) || (prefixable(term) && [...words].some((word) => word.startsWith(term)))));
    const terms = new Set(
      readFileSync(join(__dirname, 'eval/questions.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => index.analyzeQuestion((JSON.parse(line) as { question: string }).question)),
    );
    let prefixOnly = 0;
    for (const key of internals.termsByKey.keys()) {
      for (const term of terms) {
        const has = scan(internals.termsByKey.get(key), term);
        expect(index.sectionHas(key, term), `${key} ∋ ${term}`).toBe(has);
        expect(index.anchored(key, [term]), `${key} anchored by ${term}`).toBe(scan(internals.anchorsByKey.get(key), term));
        if (has && !internals.termsByKey.get(key)!.has(term)) prefixOnly += 1;
      }
    }
    // The comparison covered words found only as the start of longer ones.
    expect(prefixOnly).toBeGreaterThan(0);
  });
});
