import { resolve } from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { LRUCache } from 'lru-cache';
import type { ServiceId } from '../flows/types';
import type { Lang } from '../i18n/lang';
import { detectLanguage } from '../nlu/language';
import { logger } from '../observability/logger';
import { flat } from '../state/flatString';
import { declineText } from './answer/decline';
import { bandFirst, engineSizesNamed, sectionNames, vehicleNamed } from './answer/engineBand';
import { createModelAnswerer, type ModelAnswerer } from './answer/llmAnswer';
import { composeOfflineAnswer, withCitation } from './answer/offlineAnswer';
import { KnowledgeBase } from './knowledgeBase';
import { loadKnowledgeDocuments } from './loadDocuments';
import { EmbeddingIndex } from './retrieval/embeddingIndex';
import { KnowledgeRetriever } from './retrieval/knowledgeRetriever';

export interface KnowledgeSource {
  id: string;
  title: string;
  url: string;
}

/** The answer to one question (the `ask` command prints it as one JSON line). */
export interface KnowledgeAnswer {
  question: string;
  lang: Lang;
  answer: string;
  /** true when the answer comes from a passage of the knowledge base; false = "I don't know". */
  grounded: boolean;
  sources: KnowledgeSource[];
  /** The service the answer is about, so the bot can offer to start it. */
  service?: ServiceId;
}

export interface Knowledge {
  ask(question: string, ctx?: { lang?: Lang }): Promise<KnowledgeAnswer>;
  /** The retriever, in the default language; `.withLang(lang)` for another. */
  readonly retriever: KnowledgeRetriever;
  readonly base: KnowledgeBase;
  /** 'offline' | 'hybrid' retrieval; whether a chat model phrases answers. */
  readonly mode: { retrieval: 'offline' | 'hybrid'; chatModel: boolean };
}

export interface KnowledgeOptions {
  /** Folder with the documents (default: knowledge/ at the project root). */
  dir?: string;
  /** OpenAI-compatible settings; absent → fully offline. */
  openai?: {
    apiKey?: string;
    baseURL?: string;
    model?: string;
    embeddingsModel?: string;
    timeoutMs?: number;
  };
  /** Ready-made LangChain models (tests, or another provider); they win over `openai`. */
  chatModel?: BaseChatModel;
  embeddings?: EmbeddingsInterface;
  /**
   * Our own "do I know this" line. Retriever scores are not comparable across stores, so the
   * decision uses the share of the question's weighted terms found in the passage (0–1) and,
   * with embeddings, the cosine similarity.
   */
  minCoverage?: number;
  minCosine?: number;
  /** Passages handed to the chat model. */
  k?: number;
}

export const DEFAULT_KNOWLEDGE_DIR = resolve(__dirname, '../../knowledge');
const DEFAULT_MIN_COVERAGE = 0.5;
const DEFAULT_MIN_COSINE = 0.8;
/** Distinct questions whose offline reading is remembered (a few MB at most). */
const OFFLINE_READINGS_CACHED = 2_000;

/** Options from the validated environment (DESIGN 4.4): OPENAI_* switch the model paths on. */
export function knowledgeOptionsFromEnv(env: {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL?: string;
  OPENAI_EMBEDDINGS_MODEL?: string;
}): KnowledgeOptions {
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return {};
  return {
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      embeddingsModel: env.OPENAI_EMBEDDINGS_MODEL,
    },
  };
}

function buildModels(options: KnowledgeOptions): { chat?: BaseChatModel; embeddings?: EmbeddingsInterface } {
  const openai = options.openai;
  if (!openai) return { chat: options.chatModel, embeddings: options.embeddings };
  // Loaded only when a model is configured: the client and the OpenAI SDK under it are some 280
  // modules and 3.5 MB of heap that the default, offline run never uses.
  const { ChatOpenAI, OpenAIEmbeddings } = require('@langchain/openai') as typeof import('@langchain/openai');
  const configuration = openai.baseURL ? { baseURL: openai.baseURL } : undefined;
  // A local OpenAI-compatible server may not need a key; the client still wants one.
  const apiKey = openai.apiKey ?? 'not-needed';
  const timeout = openai.timeoutMs ?? 15_000;
  const chat = options.chatModel ?? new ChatOpenAI({ model: openai.model ?? 'gpt-4o-mini', apiKey, configuration, temperature: 0, timeout, maxRetries: 1 });
  const embeddings =
    options.embeddings ??
    (openai.embeddingsModel ? new OpenAIEmbeddings({ model: openai.embeddingsModel, apiKey, configuration, encodingFormat: 'float', timeout, maxRetries: 1 }) : undefined);
  return { chat, embeddings };
}

/**
 * Load the documents (a bad one stops start-up with its file name), index them, and return the
 * answerer. With embeddings configured, every section is embedded once here.
 */
export async function createKnowledge(options: KnowledgeOptions = {}): Promise<Knowledge> {
  const base = new KnowledgeBase(loadKnowledgeDocuments(options.dir ?? DEFAULT_KNOWLEDGE_DIR));
  const models = buildModels(options);
  let embeddingIndex: EmbeddingIndex | null = null;
  if (models.embeddings) {
    try {
      embeddingIndex = await EmbeddingIndex.build(base.chunks, models.embeddings);
    } catch (error) {
      logger.warn({ err: error }, 'knowledge: could not embed the documents at start-up; using offline retrieval only');
    }
  }
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const minCosine = options.minCosine ?? DEFAULT_MIN_COSINE;
  const retriever = new KnowledgeRetriever({ base, k: options.k ?? 4, embeddings: embeddingIndex });
  const retrieverIn: Record<Lang, KnowledgeRetriever> = { ms: retriever.withLang('ms'), en: retriever.withLang('en') };
  const modelAnswerer: ModelAnswerer | null = models.chat ? createModelAnswerer(models.chat) : null;

  // Citizens ask the same few questions all day, and offline retrieval and composition are a pure
  // function of the question's words and the language (analysis lowercases and splits on spacing),
  // so each distinct question is read once. Not with embeddings: their query may fail transiently.
  const offlineReadings = embeddingIndex ? null : new LRUCache<string, OfflineReading>({ max: OFFLINE_READINGS_CACHED });

  async function read(text: string, lang: Lang): Promise<OfflineReading> {
    // A question carrying a long number (a MyKad, a phone, an OTP) is not remembered: personal data
    // has no business in a cache, and such questions do not repeat anyway.
    const remember = offlineReadings && !/\d{6}/.test(text.replace(/[\s-]/g, '')) ? offlineReadings : null;
    const key = `${lang}\n${text.toLowerCase().replace(/\s+/g, ' ')}`;
    const cached = remember?.get(key);
    if (cached) return cached;
    const reading = await readOffline(text, lang);
    if (remember) {
      // Only a model reads the passages again: without one, the answer is all there is to keep (four
      // passages and their details were most of a remembered reading's objects).
      if (!modelAnswerer) reading.passages = [];
      // Kept for long: the key and the texts composed for it as single strings (see flat).
      reading.declined = flat(reading.declined);
      if (reading.offline) reading.offline.answer = flat(reading.offline.answer);
      remember.set(flat(key), reading);
    }
    return reading;
  }

  async function readOffline(text: string, lang: Lang): Promise<OfflineReading> {
    const retrieved = await retrieverIn[lang].retrieve(text);
    // Rank, then verify: the first passage we can vouch for leads. Embedding similarity can vouch
    // for a paraphrase, but only for a passage whose subject the question names — cosine scales
    // differ by model, and a high cosine alone is not knowledge.
    const vouchedFor = ({ metadata: m }: (typeof retrieved)[number]) => m.anchored && (m.coverage >= minCoverage || (m.cosine !== null && m.cosine >= minCosine));
    // Rate tables are per vehicle: a question naming an engine size and one kind of vehicle is
    // about that vehicle's table, though its figure may match another's better ("roadtax motosikal
    // 1000cc" matched the cars' "Up to 1,000 cc").
    const terms = retrieved[0]?.metadata.terms ?? base.lexical.analyzeQuestion(text);
    const cc = engineSizesNamed(text);
    const vehicle = cc.length > 0 ? vehicleNamed(terms) : undefined;
    const sizes = { cc, openBands: vehicle !== undefined };
    const sectionOf = (passage: (typeof retrieved)[number]) => base.chunk(passage.metadata.key, lang);
    const isAboutVehicle = (passage: (typeof retrieved)[number]) => {
      const section = sectionOf(passage);
      return section !== undefined && sectionNames(section, vehicle!);
    };
    const aboutVehicle = vehicle === undefined ? -1 : retrieved.findIndex((passage) => vouchedFor(passage) && isAboutVehicle(passage));
    const vouched = aboutVehicle >= 0 ? aboutVehicle : retrieved.findIndex(vouchedFor);
    const known = vouched >= 0;
    const ranked = known ? [retrieved[vouched]!, ...retrieved.filter((_, i) => i !== vouched)] : retrieved;
    // Then, of the vouched passage's document, the section whose band holds the engine size asked
    // about may lead instead (see bandFirst): the document is vouched for, the band pins the section.
    const passages = known ? bandFirst(ranked, sizes, (p) => p.metadata.id, sectionOf) : ranked;
    const declined = declineText(lang, terms);
    if (!known) return { passages, declined, offline: null };
    const offline = composeOfflineAnswer(base, lang, passages, sizes);
    // A model, when configured, reads the passages in the order the offline answer quotes them.
    const lead = offline ? passages.findIndex((passage) => passage.metadata.key === offline.lead) : 0;
    const ordered = lead > 0 ? [passages[lead]!, ...passages.filter((_, i) => i !== lead)] : passages;
    return { passages: ordered, declined, offline: offline && { answer: offline.answer, sources: offline.sources, service: offline.service as ServiceId | undefined } };
  }

  async function ask(question: string, ctx: { lang?: Lang } = {}): Promise<KnowledgeAnswer> {
    const text = question.trim();
    const lang = ctx.lang ?? detectLanguage(text).lang;
    const { passages, declined, offline } = await read(text, lang);
    const decline = (): KnowledgeAnswer => ({ question, lang, answer: declined, grounded: false, sources: [] });
    if (!offline) return decline();
    // Copies: a caller may change the answer it is given; the remembered reading must not change.
    const offlineAnswer: KnowledgeAnswer = { question, lang, answer: offline.answer, grounded: true, sources: offline.sources.map((s) => ({ ...s })), service: offline.service };
    if (!modelAnswerer) return offlineAnswer;
    try {
      const result = await modelAnswerer.answer(text, lang, passages);
      if (result.kind === 'decline') return decline();
      const first = result.cited[0].metadata;
      const sources = dedupeSources(result.cited.map((p) => ({ id: p.metadata.id, title: p.metadata.title, url: p.metadata.url })));
      return {
        question,
        lang,
        answer: withCitation(result.text, lang, first),
        grounded: true,
        sources,
        service: (first.service as ServiceId | undefined) ?? offlineAnswer.service,
      };
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'knowledge: model answer not used, giving the offline answer');
      return offlineAnswer;
    }
  }

  return {
    ask,
    retriever,
    base,
    mode: { retrieval: embeddingIndex ? 'hybrid' : 'offline', chatModel: modelAnswerer !== null },
  };
}

/** What offline retrieval makes of one question: the ranked passages and the answer (null = decline). */
interface OfflineReading {
  passages: Awaited<ReturnType<KnowledgeRetriever['invoke']>>;
  declined: string;
  offline: { answer: string; sources: KnowledgeSource[]; service?: ServiceId } | null;
}

function dedupeSources(sources: KnowledgeSource[]): KnowledgeSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}
