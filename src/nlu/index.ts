import type { IntentLabel } from '../flows/types';
import type { Lang } from '../i18n/lang';
import { IntentClassifier, type Classification } from './classifier';
import { extractAll, extractCommand, type Command, type Entities } from './entities';
import { detectLanguage, detectLanguageSwitch } from './language';
import { createLlmLabeller, type IntentLabeller, type LlmOptions } from './llm';
import { trainingExamples } from './trainingData';
import { LRUCache } from 'lru-cache';
import { flat } from '../state/flatString';

export { IntentClassifier, type Classification, type TrainingExample } from './classifier';
export { detectLanguage, detectLanguageSwitch } from './language';
export * from './entities';
export type { LlmOptions, IntentLabeller } from './llm';

export interface UnderstandContext {
  previousLang?: Lang;
  today?: Date;
}

export type UnderstandingResult = {
  text: string;
  lang: Lang;
  intent: IntentLabel;
  confidence: number;
  entities: Entities;
  command: Command | null;
  switchTo: Lang | null;
  /** Who labelled the intent: the offline classifier, or the language model when it was unsure. */
  source: 'offline' | 'llm';
};

export interface Understanding {
  understand(text: string, ctx?: UnderstandContext): Promise<UnderstandingResult>;
  /** The offline part alone, synchronous — for the classify command and the evaluation. */
  understandOffline(text: string, ctx?: UnderstandContext): UnderstandingResult;
}

export interface UnderstandingOptions {
  llm?: LlmOptions;
  /** Inject a labeller (tests); by default one is built from `llm` when given. */
  labeller?: IntentLabeller;
  /** Below this offline confidence the language model (when configured) is asked. */
  askModelBelow?: number;
  classifier?: IntentClassifier;
}

let sharedClassifier: IntentClassifier | undefined;

/** The classifier trained once per process on dialogs/ + src/nlu/training/. */
export function defaultClassifier(): IntentClassifier {
  sharedClassifier ??= IntentClassifier.train(trainingExamples());
  return sharedClassifier;
}

export function createUnderstanding(options: UnderstandingOptions = {}): Understanding {
  const classifier = options.classifier ?? defaultClassifier();
  const labeller = options.labeller ?? (options.llm ? createLlmLabeller(options.llm) : undefined);
  const askModelBelow = options.askModelBelow ?? 0.6;

  const remembered = new LRUCache<string, UnderstandingResult>({ max: 5_000 });

  /**
   * Messages repeat ("ya", "12 bulan", "hai", the same question): the whole offline reading is
   * remembered by text, previous language and (for relative dates and MyKad centuries) today's date.
   * Not when the text carries anything that identifies someone — a MyKad, passport or phone number, a
   * plate, or any run of six digits (an OTP) — so no personal detail is kept in memory by it.
   */
  const understandOffline = (text: string, ctx: UnderstandContext = {}): UnderstandingResult => {
    const trimmed = text.trim();
    const today = ctx.today ?? new Date();
    const key = `${ctx.previousLang ?? ''}|${Math.floor(today.getTime() / DAY_MS)}|${trimmed}`;
    const known = remembered.get(key);
    if (known) return known;
    const result = readOffline(trimmed, ctx.previousLang, today);
    if (!identifiesSomeone(result)) remembered.set(flat(key), deepFreeze(result));
    return result;
  };

  const readOffline = (trimmed: string, previousLang: Lang | undefined, today: Date): UnderstandingResult => {
    const { lang } = detectLanguage(trimmed, previousLang);
    const switchTo = detectLanguageSwitch(trimmed);
    const entities = extractAll(trimmed, { today });
    const command = extractCommand(trimmed);
    let classification: Classification;
    if (switchTo) classification = { intent: 'switch_language', confidence: 0.99, ranking: [] };
    else classification = classifier.classify(trimmed, lang);
    return { text: trimmed, lang, intent: classification.intent, confidence: classification.confidence, entities, command, switchTo, source: 'offline' };
  };

  return {
    understandOffline,
    async understand(text, ctx = {}) {
      const offline = understandOffline(text, ctx);
      // Commands, explicit language switches and confident answers never need a second opinion.
      const unsure = offline.intent === 'out_of_scope' || offline.confidence < askModelBelow;
      if (!labeller || !unsure || offline.command || offline.switchTo || offline.text === '') return offline;
      const label = await labeller.label(offline.text, ctx);
      if (!label) return offline;
      return {
        ...offline,
        intent: label.intent,
        // The model gives no calibrated probability; a fixed middling confidence marks "labelled by the model".
        confidence: 0.7,
        // Our own extractors win; the model only fills gaps, and its details were re-checked.
        entities: { ...label.entities, ...offline.entities },
        source: 'llm',
      };
    },
  };
}

const DAY_MS = 86_400_000;
const SIX_DIGITS = /\d{6}/;

function identifiesSomeone({ text, entities }: UnderstandingResult): boolean {
  return SIX_DIGITS.test(text) || Boolean(entities.mykad || entities.mykadInvalid || entities.passport || entities.phone || entities.plate);
}

/** A remembered reading is shared by every later caller: frozen, so none can change it for the others. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
