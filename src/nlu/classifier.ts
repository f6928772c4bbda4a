import { LRUCache } from 'lru-cache';
import { INTENT_LABELS, type IntentLabel } from '../flows/types';
import type { Lang } from '../i18n/lang';
import { canonicalTokens, stem } from './normalise';
import { SpellingCorrector } from './spelling';

/**
 * Offline intent classifier: multinomial logistic regression over word unigrams and bigrams and
 * character n-grams of the normalised text, trained at start-up (a few hundred ms at most) from the
 * services' training phrases and the non-service labels. One model serves both languages: code-mixing
 * is the norm, and canonical tokens (saman = summons) let each language's phrases teach the other.
 * Below a confidence threshold the answer is `out_of_scope`, not a forced guess.
 */
export interface TrainingExample {
  text: string;
  intent: IntentLabel;
  lang: Lang;
}

export interface Classification {
  readonly intent: IntentLabel;
  readonly confidence: number;
  readonly ranking: ReadonlyArray<{ readonly intent: IntentLabel; readonly score: number }>;
}

export interface ClassifierOptions {
  /** Top probability below which the answer is out_of_scope. */
  threshold?: number;
  epochs?: number;
  /** Seed for the shuffling and augmentation, so a model is the same on every start. */
  seed?: number;
  augment?: boolean;
}

const DEFAULTS: Required<ClassifierOptions> = { threshold: 0.4, epochs: 40, seed: 7, augment: true };

const WORD_WEIGHT = 1;
const MIN_KNOWN_SHARE = 0.35;
const BIGRAM_WEIGHT = 0.8;
const CHAR_WEIGHT = 0.35;

type SparseVector = { ids: Int32Array; values: Float32Array };

export class IntentClassifier {
  private constructor(
    private readonly labels: readonly IntentLabel[],
    private readonly featureIds: ReadonlyMap<string, number>,
    private readonly weights: Float32Array, // [feature * labels + label]
    private readonly bias: Float32Array,
    private readonly speller: SpellingCorrector,
    private readonly vocabulary: ReadonlySet<string>,
    private readonly threshold: number,
  ) {}

  static train(examples: readonly TrainingExample[], options: ClassifierOptions = {}): IntentClassifier {
    const opts = { ...DEFAULTS, ...options };
    const random = mulberry32(opts.seed);
    const data = opts.augment ? augment(examples, random) : [...examples];

    const frequency = new Map<string, number>();
    for (const example of examples) {
      for (const token of canonicalTokens(example.text)) frequency.set(token, (frequency.get(token) ?? 0) + 1);
    }
    const speller = new SpellingCorrector(frequency);
    const vocabulary = new Set(frequency.keys());

    const labels = INTENT_LABELS;
    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const featureIds = new Map<string, number>();
    const rows = data.map((example) => ({
      y: labelIndex.get(example.intent)!,
      x: vectorise(features(canonicalTokens(example.text)), featureIds, true),
    }));

    const L = labels.length;
    const F = featureIds.size;
    const weights = new Float32Array(F * L);
    const bias = new Float32Array(L);
    const gradSq = new Float32Array(F * L).fill(1e-6);
    const biasGradSq = new Float32Array(L).fill(1e-6);
    const learningRate = 0.5;
    const l2 = 1e-5;
    const probs = new Float64Array(L);
    const order = rows.map((_, i) => i);

    for (let epoch = 0; epoch < opts.epochs; epoch += 1) {
      shuffle(order, random);
      for (const i of order) {
        const { x, y } = rows[i];
        scores(x, weights, bias, L, probs);
        softmax(probs);
        for (let l = 0; l < L; l += 1) {
          const g = probs[l] - (l === y ? 1 : 0);
          // Classes the model already rules out contribute next to nothing: skipping them keeps
          // training well under a second without changing the result measurably.
          if (g > -1e-3 && g < 1e-3) continue;
          biasGradSq[l] += g * g;
          bias[l] -= (learningRate * g) / Math.sqrt(biasGradSq[l]);
          for (let k = 0; k < x.ids.length; k += 1) {
            const w = x.ids[k] * L + l;
            const grad = g * x.values[k] + l2 * weights[w];
            gradSq[w] += grad * grad;
            weights[w] -= (learningRate * grad) / Math.sqrt(gradSq[w]);
          }
        }
      }
    }
    return new IntentClassifier(labels, featureIds, weights, bias, speller, vocabulary, opts.threshold);
  }

  /**
   * Messages repeat ("hai", "ya", "berapa harga roadtax…"): a classification is remembered by its
   * canonical tokens, where a MyKad, phone, passport or plate number is a placeholder (other words,
   * a name say, stay; in this process's memory only, bounded, never logged).
   */
  private readonly remembered = new LRUCache<string, Classification>({ max: 5_000 });

  /** `lang` is accepted for the API's sake; the shared model reads both languages. */
  classify(text: string, _lang?: Lang): Classification {
    const tokens = canonicalTokens(text).map((t) => (this.vocabulary.has(t) ? t : this.speller.correct(t)));
    const key = tokens.join(' ');
    let classification = this.remembered.get(key);
    if (!classification) {
      // Frozen (its fields; the ranking is made anew, frozen, when asked for): every caller shares it.
      classification = Object.freeze(this.score(tokens));
      this.remembered.set(key, classification);
    }
    return classification;
  }

  /** A token's stem and the ids of its known word and character features: tokens recur across messages. */
  private readonly tokenFeatures = new Map<string, { stem: string; word: number | undefined; chars: readonly number[] }>();

  private featuresOfToken(token: string): { stem: string; word: number | undefined; chars: readonly number[] } {
    let cached = this.tokenFeatures.get(token);
    if (!cached) {
      const tokenStem = stem(token);
      const chars = charFeatures(token)
        .map((gram) => this.featureIds.get(gram))
        .filter((id): id is number => id !== undefined);
      cached = { stem: tokenStem, word: this.featureIds.get(`w:${tokenStem}`), chars };
      // Bounded (words of messages, a name say): emptied when full, refilled by the next messages.
      if (this.tokenFeatures.size >= 20_000) this.tokenFeatures.clear();
      this.tokenFeatures.set(token, cached);
    }
    return cached;
  }

  /**
   * The same vector as `vectorise(features(tokens), featureIds, false)` — the same features, in the
   * same order, unknown ones left out — from each token's remembered feature ids.
   */
  private vectoriseTokens(tokens: readonly string[]): SparseVector {
    // Each feature's largest value, in a dense scratch array (weights are > 0, so 0 = not seen), and
    // the features in the order first seen: a Map did the same at several times the cost. Plain
    // loops throughout: closures and TypedArray.from with a mapping function showed in profiles.
    const values = (this.scratch ??= new Float64Array(this.featureIds.size));
    const order: number[] = [];
    const perToken = tokens.map((token) => this.featuresOfToken(token));
    for (let i = 0; i < perToken.length; i += 1) {
      const { stem: tokenStem, word, chars } = perToken[i]!;
      if (word !== undefined) addFeature(values, order, word, WORD_WEIGHT);
      if (i + 1 < perToken.length) {
        const bigram = this.featureIds.get(`b:${tokenStem}_${perToken[i + 1]!.stem}`);
        if (bigram !== undefined) addFeature(values, order, bigram, BIGRAM_WEIGHT);
      }
      for (let c = 0; c < chars.length; c += 1) addFeature(values, order, chars[c]!, CHAR_WEIGHT);
    }
    let norm = 0;
    for (let k = 0; k < order.length; k += 1) norm += values[order[k]!]! * values[order[k]!]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const ids = new Int32Array(order.length);
    const scaled = new Float32Array(order.length);
    for (let k = 0; k < order.length; k += 1) {
      const id = order[k]!;
      ids[k] = id;
      scaled[k] = values[id]! * scale * 3;
      values[id] = 0;
    }
    return { ids, values: scaled };
  }

  /** vectoriseTokens' working array, one slot per known feature; left all zeros between calls. */
  private scratch?: Float64Array;

  private score(tokens: string[]): Classification {
    const x = this.vectoriseTokens(tokens);
    const L = this.labels.length;
    const probs = new Float64Array(L);
    scores(x, this.weights, this.bias, L, probs);
    softmax(probs);
    let best = 0;
    for (let l = 1; l < L; l += 1) if (probs[l]! > probs[best]!) best = l;
    const topScore = Number(probs[best]!.toFixed(4));
    // Mostly unknown words (another topic, another language, gibberish): the model would only be guessing.
    const words = tokens.filter((t) => !/^z[a-z]+$/.test(t));
    const knownWords = words.filter((t) => this.vocabulary.has(t)).length;
    if (knownWords === 0 || knownWords / words.length < MIN_KNOWN_SHARE || topScore < this.threshold) {
      return new ScoredClassification('out_of_scope', Number((1 - topScore).toFixed(4)), this.labels, probs);
    }
    return new ScoredClassification(this.labels[best]!, topScore, this.labels, probs);
  }
}

/**
 * A classification with its ranking made when asked for: a remembered classification (thousands
 * are) keeps its probabilities in one typed array, not an object and a boxed number per label.
 * Serialised (a log, JSON) it shows what a plain one would: intent, confidence, ranking.
 */
class ScoredClassification implements Classification {
  readonly #labels: readonly IntentLabel[];
  readonly #probabilities: Float64Array;

  constructor(
    readonly intent: IntentLabel,
    readonly confidence: number,
    labels: readonly IntentLabel[],
    probabilities: Float64Array,
  ) {
    this.#labels = labels;
    this.#probabilities = probabilities;
  }

  /** Best first; labels whose rounded scores tie are ordered by their exact probability, so the first is `intent`'s. */
  get ranking(): Classification['ranking'] {
    const order = this.#labels.map((_, i) => i).sort((a, b) => this.#probabilities[b]! - this.#probabilities[a]!);
    return Object.freeze(order.map((i) => Object.freeze({ intent: this.#labels[i]!, score: Number(this.#probabilities[i]!.toFixed(4)) })));
  }

  toJSON(): { intent: IntentLabel; confidence: number; ranking: Classification['ranking'] } {
    return { intent: this.intent, confidence: this.confidence, ranking: this.ranking };
  }
}

/** Keeps a feature's largest value; `order` lists features in the order first seen. */
function addFeature(values: Float64Array, order: number[], id: number, value: number): void {
  const current = values[id]!;
  if (current === 0) order.push(id);
  if (value > current) values[id] = value;
}

/** Feature strings for canonical tokens: stemmed unigrams, bigrams, and char 3/4-grams. Exported for the equivalence test. */
export function features(tokens: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, value: number) => out.set(key, Math.max(out.get(key) ?? 0, value));
  const stems = tokens.map(stem);
  for (let i = 0; i < stems.length; i += 1) {
    add(`w:${stems[i]}`, WORD_WEIGHT);
    if (i + 1 < stems.length) add(`b:${stems[i]}_${stems[i + 1]}`, BIGRAM_WEIGHT);
    for (const gram of charFeatures(tokens[i]!)) add(gram, CHAR_WEIGHT);
  }
  return out;
}

/** A token's character 3- and 4-gram features (none for short words and placeholders). */
function charFeatures(token: string): string[] {
  if (token.length < 4 || /^z[a-z]+$/.test(token)) return [];
  const padded = `<${token}>`;
  const grams: string[] = [];
  for (const n of [3, 4]) {
    for (let j = 0; j + n <= padded.length; j += 1) grams.push(`c:${padded.slice(j, j + n)}`);
  }
  return grams;
}

export function vectorise(feats: Map<string, number>, ids: ReadonlyMap<string, number>, grow: boolean): SparseVector {
  const idList: number[] = [];
  const valueList: number[] = [];
  let norm = 0;
  for (const [key, value] of feats) {
    let id = ids.get(key);
    if (id === undefined) {
      if (!grow) continue;
      id = ids.size;
      (ids as Map<string, number>).set(key, id);
    }
    idList.push(id);
    valueList.push(value);
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { ids: Int32Array.from(idList), values: Float32Array.from(valueList.map((v) => v * scale * 3)) };
}

function scores(x: SparseVector, weights: Float32Array, bias: Float32Array, L: number, out: Float64Array): void {
  for (let l = 0; l < L; l += 1) out[l] = bias[l];
  for (let k = 0; k < x.ids.length; k += 1) {
    const base = x.ids[k] * L;
    const v = x.values[k];
    for (let l = 0; l < L; l += 1) out[l] += weights[base + l] * v;
  }
}

function softmax(values: Float64Array): void {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    values[i] = Math.exp(values[i] - max);
    sum += values[i];
  }
  for (let i = 0; i < values.length; i += 1) values[i] /= sum;
}

const GREETINGS = ['hi', 'hai', 'salam', 'hello', 'assalamualaikum', 'selamat pagi', 'good morning', 'hye'];
const POLITE = ['tolong', 'please', 'boleh tolong', 'can you', 'excuse me', 'tumpang tanya'];

/**
 * General augmentations (no knowledge of any evaluation sentence): a greeting or a politeness word in
 * front of a request must not make it a greeting; and a dropped or swapped letter must not change
 * the meaning.
 */
function augment(examples: readonly TrainingExample[], random: () => number): TrainingExample[] {
  const out: TrainingExample[] = [...examples];
  for (const example of examples) {
    const request = example.intent !== 'greeting' && example.intent !== 'out_of_scope' && example.intent !== 'switch_language';
    if (request && random() < 0.35) {
      const prefix = (random() < 0.6 ? GREETINGS : POLITE)[Math.floor(random() * 6)];
      out.push({ ...example, text: `${prefix} ${example.text}` });
    }
    const words = example.text.split(' ');
    const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 5 && /^[a-z]+$/i.test(w));
    if (long.length > 0 && random() < 0.6) {
      const [word, i] = long[Math.floor(random() * long.length)];
      const at = 1 + Math.floor(random() * (word.length - 2));
      const typo = random() < 0.5 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
      const copy = [...words];
      copy[i] = typo;
      out.push({ ...example, text: copy.join(' ') });
    }
  }
  return out;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
