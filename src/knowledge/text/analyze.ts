import { INFORMAL_SPELLING } from './informalSpelling';
import { stem } from './stem';
import { STOPWORDS } from './stopwords';
import { CONCEPTS, CONCEPT_IMPLIES } from './synonyms';

/**
 * Text analysis shared by the documents and the questions, so both meet on the same terms:
 * lowercase → punctuation and number clean-up → informal spelling → light stemming →
 * bilingual concepts (longest phrase first) → stopwords out.
 */

export const CONCEPT_PREFIX = 'c_';

/** Lowercase, fold accents, tidy numbers ("1,997cc" → "1997 cc", "RM90.00" → "rm 90"), split into words. */
export function rawTokens(text: string): string[] {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1') // thousands separators
    .replace(/\b([a-z]+)-\1\b/g, '$1') // reduplication: kanak-kanak → kanak
    .replace(/\be-(?=[a-z])/g, 'e') // e-hailing → ehailing, e-LKM → elkm
    .replace(/([a-z])-(?=[a-z])/g, '$1 ') // other hyphenated words split
    .replace(/'s\b/g, '') // worker's → worker
    .replace(/'/g, '') // I'm → im, don't → dont
    .replace(/(\d)([a-z])/g, '$1 $2') // 1997cc → 1997 cc
    .replace(/([a-z]{2,})(\d)/g, '$1 $2'); // rm90 → rm 90 (but licence classes a1, b2 stay whole)
  const tokens: string[] = [];
  for (const piece of cleaned.split(/[^a-z0-9.]+/)) {
    const token = piece.replace(/^\.+|\.+$/g, '');
    if (!token) continue;
    if (/^\d+(\.\d+)?$/.test(token)) {
      tokens.push(canonicalNumber(token));
    } else if (token.includes('.')) {
      tokens.push(...token.split('.').filter(Boolean));
    } else {
      tokens.push(token);
    }
  }
  return tokens;
}

/** "90.00" → "90", "378.50" → "378.5", "0.40" → "0.4": a figure matches however it is written. */
function canonicalNumber(token: string): string {
  if (!token.includes('.')) return token.replace(/^0+(?=\d)/, '');
  const [whole, fraction] = token.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole.replace(/^0+(?=\d)/, '') || '0'}.${trimmed}` : whole.replace(/^0+(?=\d)/, '') || '0';
}

/** Words with informal spelling repaired ("kete" → "kereta"), not yet stemmed. */
export function standardWords(text: string): string[] {
  return rawTokens(text).map((token) => INFORMAL_SPELLING[token] ?? token);
}

/** One word: informal spelling repaired, then stemmed. */
export function normaliseWord(token: string): string {
  return stem(INFORMAL_SPELLING[token] ?? token);
}

interface PhraseEntry {
  words: readonly string[];
  concept: string;
}

// Phrases indexed by their first word, longest first, built once.
const PHRASES: ReadonlyMap<string, readonly PhraseEntry[]> = (() => {
  const byFirst = new Map<string, PhraseEntry[]>();
  for (const [concept, phrases] of Object.entries(CONCEPTS)) {
    for (const phrase of phrases) {
      const words = rawTokens(phrase).map(normaliseWord);
      if (words.length === 0) continue;
      const list = byFirst.get(words[0]) ?? [];
      list.push({ words, concept });
      byFirst.set(words[0], list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst;
})();

/** Every word the synonym phrases are written with — part of the vocabulary typos are corrected against. */
export function phraseWords(): Set<string> {
  return new Set(Object.values(CONCEPTS).flatMap((phrases) => phrases.flatMap((phrase) => standardWords(phrase))));
}

function conceptTerms(concept: string): string[] {
  return [CONCEPT_PREFIX + concept, ...(CONCEPT_IMPLIES[concept] ?? []).map((c) => CONCEPT_PREFIX + c)];
}

const AGE_WORDS = new Set(['umur', 'budak', 'anak', 'kanak', 'child', 'son', 'daughter', 'age', 'aged', 'old', 'berumur']);

function isAgeContext(words: readonly string[], start: number, length: number): boolean {
  return AGE_WORDS.has(words[start - 1] ?? '') || AGE_WORDS.has(words[start + length] ?? '') || AGE_WORDS.has(words[start - 2] ?? '');
}

/** Replace known phrases by their concept terms (longest match first); drop stopwords. */
export function toTerms(words: readonly string[]): string[] {
  const terms: string[] = [];
  for (let i = 0; i < words.length; ) {
    const candidates = PHRASES.get(words[i]);
    let matched: PhraseEntry | undefined;
    if (candidates) {
      matched = candidates.find((entry) => entry.words.every((word, k) => words[i + k] === word));
    }
    if (matched && matched.concept === 'tenyear' && isAgeContext(words, i, matched.words.length)) {
      // "budak 10 tahun", "a 10 year old": an age, not the 10-year passport or licence.
      terms.push(words[i], CONCEPT_PREFIX + 'age');
      i += matched.words.length;
      continue;
    }
    if (matched) {
      terms.push(...conceptTerms(matched.concept));
      i += matched.words.length;
      continue;
    }
    const word = words[i];
    if (!STOPWORDS.has(word)) terms.push(word);
    i += 1;
  }
  return terms;
}

/** The full analysis of a text into index/query terms; `correct` repairs typos in unknown words. */
export function analyze(text: string, correct?: (word: string) => string): string[] {
  const words = standardWords(text);
  return toTerms((correct ? words.map(correct) : words).map(stem));
}
