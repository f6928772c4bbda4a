import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from '../../dialogs';
import { SERVICE_IDS } from '../../src/flows/types';
import { features, IntentClassifier, vectorise } from '../../src/nlu/classifier';
import { canonicalTokens } from '../../src/nlu/normalise';
import { nonServiceTraining } from '../../src/nlu/training';
import { trainingExamples } from '../../src/nlu/trainingData';

describe('training phrases', () => {
  it('every service has 25–40 phrases in each language and the files are named after ids', () => {
    expect(services.map((s) => s.id).sort()).toEqual([...SERVICE_IDS].sort());
    for (const service of services) {
      for (const lang of ['ms', 'en'] as const) {
        expect(service.training[lang].length, `${service.id} ${lang}`).toBeGreaterThanOrEqual(25);
        expect(service.training[lang].length, `${service.id} ${lang}`).toBeLessThanOrEqual(40);
      }
    }
  });
  it('every non-service label has at least 25 phrases per language, no duplicates across labels', () => {
    for (const [label, phrases] of Object.entries(nonServiceTraining)) {
      expect(phrases.ms.length, label).toBeGreaterThanOrEqual(25);
      expect(phrases.en.length, label).toBeGreaterThanOrEqual(25);
    }
    const seen = new Map<string, string>();
    for (const example of trainingExamples()) {
      const key = example.text.toLowerCase();
      const before = seen.get(key);
      expect(before === undefined || before === example.intent, `"${example.text}" is both ${before} and ${example.intent}`).toBe(true);
      seen.set(key, example.intent);
    }
  });
});

describe('IntentClassifier', () => {
  const classifier = IntentClassifier.train(trainingExamples());

  // Sentences written for this test, not copied from the training phrases.
  it.each([
    ['sy nk renew roadtax kete utk 6 bulan', 'jpj.roadtax.renew'],
    ['please renew the road tax on my proton', 'jpj.roadtax.renew'],
    ['lesen memandu dah nak expired, tlg sambung 3 tahun', 'jpj.licence.renew'],
    ['renew my driving licence for 2 years please', 'jpj.licence.renew'],
    ['ada x saman tertunggak atas kereta BKL2231', 'jpj.summons.check'],
    ['i want to settle my traffic fines', 'jpj.summons.check'],
    ['mata demerit sy dah brp skrg', 'jpj.demerit.check'],
    ['how many kejara points are on my licence', 'jpj.demerit.check'],
    ['pasport nak tamat, nk renew online', 'jim.passport.renew'],
    ['renew my passport, it expires in 2 months', 'jim.passport.renew'],
    ['pasport yg sy mohon tu dah siap ke belum', 'jim.passport.status'],
    ['is my passport ready to be collected yet', 'jim.passport.status'],
    ['sy disenarai hitam imigresen ke tak', 'jim.travel.check'],
    ['am I allowed to travel out of Malaysia', 'jim.travel.check'],
    ['nak tempah temujanji kat kaunter jpj', 'appointment.book'],
    ['book me a counter appointment at immigration', 'appointment.book'],
    ['berapa harga roadtax kereta 1800cc', 'faq'],
    ['what documents do I need to renew a passport', 'faq'],
    ['nak cakap dengan pegawai', 'handoff'],
    ['let me speak to a real person', 'handoff'],
    ['assalamualaikum', 'greeting'],
    ['good morning', 'greeting'],
    ['semak baki kwsp sy', 'out_of_scope'],
    ['what is the weather today', 'out_of_scope'],
  ] as const)('%s → %s', (text, intent) => {
    expect(classifier.classify(text, 'ms').intent).toBe(intent);
  });

  it('is robust to typos', () => {
    expect(classifier.classify('nak renw rodtax kerta', 'ms').intent).toBe('jpj.roadtax.renew');
    expect(classifier.classify('chek my sumons', 'en').intent).toBe('jpj.summons.check');
    expect(classifier.classify('renw my pasport', 'en').intent).toBe('jim.passport.renew');
  });

  it('says out_of_scope for nonsense instead of guessing', () => {
    for (const text of ['qwpoeiru zxmcnv', '!!!', 'lorem ipsum dolor sit amet']) {
      expect(classifier.classify(text, 'en').intent).toBe('out_of_scope');
    }
  });

  it('a greeting in front of a request does not hide the request', () => {
    expect(classifier.classify('hi, nak renew roadtax WXY 1234', 'ms').intent).toBe('jpj.roadtax.renew');
  });

  it('ranks every label, highest first, probabilities summing to 1', () => {
    const { ranking } = classifier.classify('renew road tax', 'en');
    expect(ranking).toHaveLength(13);
    expect(ranking[0].score).toBeGreaterThanOrEqual(ranking[1].score);
    expect(ranking.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 2);
  });

  it('the first of the ranking is the intent, and a classification serialises as intent, confidence and ranking', () => {
    for (const text of ['renew road tax', 'semak saman', 'hello', 'what is the weather']) {
      const classification = classifier.classify(text, 'en');
      if (classification.intent !== 'out_of_scope') expect(classification.ranking[0].intent).toBe(classification.intent);
      expect(JSON.parse(JSON.stringify(classification))).toEqual({ intent: classification.intent, confidence: classification.confidence, ranking: classification.ranking });
    }
  });

  it('classifies in well under 1 ms per utterance', () => {
    const texts = ['nak renew roadtax', 'check my summons', 'berapa harga pasport', 'hello', 'English please'];
    for (let i = 0; i < 200; i += 1) classifier.classify(texts[i % texts.length], 'ms');
    const start = performance.now();
    for (let i = 0; i < 2000; i += 1) classifier.classify(texts[i % texts.length], 'ms');
    expect((performance.now() - start) / 2000).toBeLessThan(1);
  });

  it('is deterministic: the same training gives the same answers', () => {
    const again = IntentClassifier.train(trainingExamples());
    expect(again.classify('nak semak saman', 'ms')).toEqual(classifier.classify('nak semak saman', 'ms'));
    expect(again.classify('nak semak saman', 'ms').ranking).toEqual(classifier.classify('nak semak saman', 'ms').ranking);
  });
});

describe('remembered classifications', () => {
  const classifier = IntentClassifier.train(trainingExamples());

  it('classifies a repeated message once, and messages that differ only in personal details share it', () => {
    const first = classifier.classify('semak saman saya, ic 850412-10-5566');
    expect(first.intent).toBe('jpj.summons.check');
    expect(classifier.classify('semak saman saya, ic 850412-10-5566')).toBe(first);
    expect(classifier.classify('semak saman saya, ic 900101-14-5678')).toBe(first);
    expect(() => (first.ranking as Array<unknown>).push({})).toThrow(); // shared, so frozen
  });

  it('remembers placeholders, never the MyKad, phone or plate a message carried', () => {
    classifier.classify('renew roadtax WXY 1234 ic 850412105566 phone 012-345 6789');
    const keys = [...(classifier as unknown as { remembered: Map<string, unknown> }).remembered.keys()];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toMatch(/\d|wxy/i);
  });
});

describe('features from remembered token features', () => {
  it('give exactly the vector the training path computes, for every evaluation message', () => {
    const classifier = IntentClassifier.train(trainingExamples());
    const internals = classifier as unknown as {
      featureIds: ReadonlyMap<string, number>;
      vocabulary: ReadonlySet<string>;
      speller: { correct(token: string): string };
      vectoriseTokens(tokens: readonly string[]): { ids: Int32Array; values: Float32Array };
    };
    const messages = readFileSync(join(__dirname, 'eval/intents.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { text: string }).text);
    expect(messages.length).toBeGreaterThan(100);
    for (const message of [...messages, ...messages]) {
      const tokens = canonicalTokens(message).map((t) => (internals.vocabulary.has(t) ? t : internals.speller.correct(t)));
      const expected = vectorise(features(tokens), internals.featureIds, false);
      const actual = internals.vectoriseTokens(tokens);
      expect(Array.from(actual.ids), message).toEqual(Array.from(expected.ids));
      expect(Array.from(actual.values), message).toEqual(Array.from(expected.values));
    }
  });
});
