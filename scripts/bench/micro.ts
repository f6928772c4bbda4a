import { createKnowledge } from '../../src/knowledge';
import { defaultClassifier } from '../../src/nlu';
import type { Lang } from '../../src/i18n/lang';
import { median, percentile } from './stats';

const UTTERANCES: Array<[string, Lang]> = [
  ['nak renew roadtax kete sy', 'ms'],
  ['berapa harga roadtax 1800cc', 'ms'],
  ['passport fee for seniors', 'en'],
  ['I want to check my summons', 'en'],
  ['cmne nk tgk mata demerit', 'ms'],
  ['book an appointment at JPJ', 'en'],
  ['hai', 'ms'],
  ['can I speak to an officer', 'en'],
  ['status permohonan pasport saya', 'ms'],
  ['what is the weather today', 'en'],
];

export interface MicroResult {
  p50: number;
  p95: number;
  p99: number;
}

function summarise(timings: number[]): MicroResult {
  const sorted = timings.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/**
 * IntentClassifier.classify, per utterance, in this process (after training and a warm-up): a
 * message seen for the first time (its remembered results cleared before each call), and a repeat.
 */
export function classificationLatency(rounds = 200): { firstTime: MicroResult; repeated: MicroResult } {
  const classifier = defaultClassifier();
  const forget = () => (classifier as unknown as { remembered: { clear(): void } }).remembered.clear();
  for (const [text, lang] of UTTERANCES) classifier.classify(text, lang);
  const firstTime: number[] = [];
  const repeated: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    for (const [text, lang] of UTTERANCES) {
      forget();
      let started = performance.now();
      classifier.classify(text, lang);
      firstTime.push(performance.now() - started);
      started = performance.now();
      classifier.classify(text, lang);
      repeated.push(performance.now() - started);
    }
  }
  return { firstTime: summarise(firstTime), repeated: summarise(repeated) };
}

/** The offline knowledge retriever (what a new policy question costs; Knowledge.ask remembers each question's reading). */
export async function retrievalLatency(rounds = 50): Promise<MicroResult> {
  const knowledge = await createKnowledge({});
  const questions: Array<[string, Lang]> = [
    ['berapa harga roadtax 1800cc', 'ms'],
    ['passport fee for seniors', 'en'],
    ['saman boleh dapat diskaun ke?', 'ms'],
    ['how long does a passport take?', 'en'],
    ['lesen memandu mati lebih 3 tahun', 'ms'],
  ];
  for (const [q, lang] of questions) await knowledge.retriever.withLang(lang).invoke(q);
  const timings: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    for (const [q, lang] of questions) {
      const retriever = knowledge.retriever.withLang(lang);
      const started = performance.now();
      await retriever.invoke(q);
      timings.push(performance.now() - started);
    }
  }
  return summarise(timings);
}

export { median };
