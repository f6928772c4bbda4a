import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { INTENT_LABELS, type IntentLabel } from '../flows/types';
import { LANGS, type Lang } from '../i18n/lang';
import type { Understanding } from './index';

/**
 * The NLU evaluation, shared by scripts/eval-nlu.ts and tests/nlu/eval.test.ts: accuracy per intent
 * and per language, language-detection accuracy, the confusions, and classification time.
 */
export const GOALS = { intentAccuracyPerLang: 0.95, languageAccuracy: 0.97, meanMs: 1 } as const;

const lineSchema = z.object({
  text: z.string().min(1),
  lang: z.enum(LANGS),
  intent: z.enum(INTENT_LABELS as [IntentLabel, ...IntentLabel[]]),
});
export type EvalItem = z.infer<typeof lineSchema>;

export function loadEvalSet(path: string): EvalItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface EvalReport {
  total: number;
  intentAccuracy: number;
  intentAccuracyByLang: Record<Lang, number>;
  byIntent: { intent: IntentLabel; total: number; correct: number; accuracy: number }[];
  languageAccuracy: number;
  confusions: { text: string; lang: Lang; expected: IntentLabel; got: IntentLabel; confidence: number }[];
  languageErrors: { text: string; expected: Lang; got: Lang }[];
  meanMs: number;
  p99Ms: number;
  meetsGoals: boolean;
}

export function evaluate(items: readonly EvalItem[], understanding: Understanding): EvalReport {
  // Warm up (JIT) so the timing measures steady state, as in a running bot.
  for (const item of items.slice(0, 50)) understanding.understandOffline(item.text);
  const times: number[] = [];
  const confusions: EvalReport['confusions'] = [];
  const languageErrors: EvalReport['languageErrors'] = [];
  const perLang: Record<Lang, { total: number; correct: number }> = { ms: { total: 0, correct: 0 }, en: { total: 0, correct: 0 } };
  const perIntent = new Map<IntentLabel, { total: number; correct: number }>(INTENT_LABELS.map((l) => [l, { total: 0, correct: 0 }]));
  let langCorrect = 0;
  for (const item of items) {
    const start = performance.now();
    const result = understanding.understandOffline(item.text);
    times.push(performance.now() - start);
    const ok = result.intent === item.intent;
    perLang[item.lang].total += 1;
    perIntent.get(item.intent)!.total += 1;
    if (ok) {
      perLang[item.lang].correct += 1;
      perIntent.get(item.intent)!.correct += 1;
    } else {
      confusions.push({ text: item.text, lang: item.lang, expected: item.intent, got: result.intent, confidence: result.confidence });
    }
    if (result.lang === item.lang) langCorrect += 1;
    else languageErrors.push({ text: item.text, expected: item.lang, got: result.lang });
  }
  times.sort((a, b) => a - b);
  const ratio = (c: number, t: number) => (t === 0 ? 1 : c / t);
  const intentAccuracyByLang = { ms: ratio(perLang.ms.correct, perLang.ms.total), en: ratio(perLang.en.correct, perLang.en.total) };
  const languageAccuracy = ratio(langCorrect, items.length);
  const meanMs = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  const p99Ms = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] ?? 0;
  return {
    total: items.length,
    intentAccuracy: ratio(items.length - confusions.length, items.length),
    intentAccuracyByLang,
    byIntent: [...perIntent].filter(([, v]) => v.total > 0).map(([intent, v]) => ({ intent, ...v, accuracy: ratio(v.correct, v.total) })),
    languageAccuracy,
    confusions,
    languageErrors,
    meanMs,
    p99Ms,
    meetsGoals:
      intentAccuracyByLang.ms >= GOALS.intentAccuracyPerLang &&
      intentAccuracyByLang.en >= GOALS.intentAccuracyPerLang &&
      languageAccuracy >= GOALS.languageAccuracy &&
      meanMs < GOALS.meanMs,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  lines.push(`NLU evaluation — ${report.total} utterances`);
  lines.push('');
  lines.push('intent                  correct/total  accuracy');
  for (const row of report.byIntent) lines.push(`${row.intent.padEnd(24)}${`${row.correct}/${row.total}`.padStart(13)}  ${pct(row.accuracy).padStart(8)}`);
  lines.push('');
  lines.push(`intent accuracy: all ${pct(report.intentAccuracy)} · ms ${pct(report.intentAccuracyByLang.ms)} · en ${pct(report.intentAccuracyByLang.en)}  (goal ≥ ${pct(GOALS.intentAccuracyPerLang)} each)`);
  lines.push(`language detection: ${pct(report.languageAccuracy)}  (goal ≥ ${pct(GOALS.languageAccuracy)})`);
  lines.push(`classification time: mean ${report.meanMs.toFixed(3)} ms · p99 ${report.p99Ms.toFixed(3)} ms  (goal < ${GOALS.meanMs} ms)`);
  lines.push('');
  lines.push(`confusions (${report.confusions.length}):`);
  for (const c of report.confusions) lines.push(`  [${c.lang}] ${c.expected} → ${c.got} (${c.confidence.toFixed(2)}): ${c.text}`);
  lines.push(`language errors (${report.languageErrors.length}):`);
  for (const e of report.languageErrors) lines.push(`  expected ${e.expected}, got ${e.got}: ${e.text}`);
  lines.push('');
  lines.push(report.meetsGoals ? 'RESULT: goals met' : 'RESULT: BELOW GOALS');
  return lines.join('\n');
}
