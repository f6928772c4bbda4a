import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Knowledge, KnowledgeAnswer } from '../../../src/knowledge';

/**
 * The knowledge evaluation, shared by scripts/eval-knowledge.ts and tests/knowledge/eval.test.ts.
 * Three kinds of question:
 * - answer: must be grounded, cite the expected topic, and contain every expected fact string;
 * - decline: must not be grounded (the knowledge base does not cover it);
 * - uncertain: about an UNVERIFIED/CONFLICT item — either declined, or answered from the expected
 *   topic with a "not confirmed" caveat and none of the forbidden strings.
 */

export const GOALS = { answered: 0.95, declined: 1, uncertain: 1, p95RetrievalMs: 5 } as const;

const itemSchema = z.discriminatedUnion('expect', [
  z.object({ id: z.string(), question: z.string().min(1), lang: z.enum(['ms', 'en']), expect: z.literal('answer'), source: z.union([z.string(), z.array(z.string()).min(1)]), facts: z.array(z.string()).min(1) }),
  z.object({ id: z.string(), question: z.string().min(1), lang: z.enum(['ms', 'en']), expect: z.literal('decline') }),
  z.object({ id: z.string(), question: z.string().min(1), lang: z.enum(['ms', 'en']), expect: z.literal('uncertain'), source: z.union([z.string(), z.array(z.string()).min(1)]), forbid: z.array(z.string()) }),
]);
export type EvalItem = z.infer<typeof itemSchema>;

export function loadQuestions(file = join(__dirname, 'questions.jsonl')): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = itemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`questions.jsonl line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const CAVEAT = /not confirmed|belum disahkan|disagree|tidak sepakat/i;

export interface Failure {
  id: string;
  question: string;
  expected: string;
  got: string;
}

export interface EvalReport {
  answered: { correct: number; total: number; share: number };
  declined: { correct: number; total: number; share: number };
  uncertain: { correct: number; total: number; share: number };
  language: { correct: number; total: number; share: number };
  retrievalMs: { p50: number; p95: number; max: number };
  failures: Failure[];
  meetsGoals: boolean;
}

function judge(item: EvalItem, result: KnowledgeAnswer): string | null {
  const text = result.answer.toLowerCase();
  const cites = (expected: string | string[]) => result.sources.some((s) => [expected].flat().includes(s.id));
  if (item.expect === 'answer') {
    if (!result.grounded) return 'declined';
    if (!cites(item.source)) return `cited ${result.sources.map((s) => s.id).join(',') || 'nothing'}`;
    const missing = item.facts.filter((fact) => !text.includes(fact.toLowerCase()));
    return missing.length ? `missing ${missing.map((m) => JSON.stringify(m)).join(', ')}` : null;
  }
  if (item.expect === 'decline') return result.grounded ? `answered from ${result.sources.map((s) => s.id).join(',')}` : null;
  if (!result.grounded) return null;
  if (!cites(item.source)) return `cited ${result.sources.map((s) => s.id).join(',')}`;
  if (!CAVEAT.test(result.answer)) return 'no "not confirmed" caveat';
  const forbidden = item.forbid.filter((f) => result.answer.includes(f));
  return forbidden.length ? `states ${forbidden.join(', ')}` : null;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const share = (correct: number, total: number) => ({ correct, total, share: total === 0 ? 1 : correct / total });

export async function runEvaluation(knowledge: Knowledge, items: readonly EvalItem[] = loadQuestions()): Promise<EvalReport> {
  const failures: Failure[] = [];
  const counts = { answer: [0, 0], decline: [0, 0], uncertain: [0, 0], lang: [0, 0] };
  // Warm up once so the first question does not carry the JIT's start-up cost.
  for (const item of items.slice(0, 10)) await knowledge.retriever.withLang(item.lang).invoke(item.question);
  const timings: number[] = [];
  for (const item of items) {
    const retriever = knowledge.retriever.withLang(item.lang);
    // Median of three runs: this machine is shared, and one scheduler hiccup is not retrieval time.
    const runs: number[] = [];
    for (let r = 0; r < 3; r += 1) {
      const start = performance.now();
      await retriever.invoke(item.question);
      runs.push(performance.now() - start);
    }
    timings.push(runs.sort((a, b) => a - b)[1]);
    const result = await knowledge.ask(item.question);
    const problem = judge(item, result);
    const bucket = counts[item.expect];
    bucket[1] += 1;
    if (!problem) bucket[0] += 1;
    else failures.push({ id: item.id, question: item.question, expected: item.expect === 'answer' ? `${[item.source].flat().join('/')}: ${item.facts.join(' | ')}` : item.expect, got: problem });
    counts.lang[1] += 1;
    if (result.lang === item.lang) counts.lang[0] += 1;
  }
  timings.sort((a, b) => a - b);
  const report: EvalReport = {
    answered: share(counts.answer[0], counts.answer[1]),
    declined: share(counts.decline[0], counts.decline[1]),
    uncertain: share(counts.uncertain[0], counts.uncertain[1]),
    language: share(counts.lang[0], counts.lang[1]),
    retrievalMs: { p50: percentile(timings, 50), p95: percentile(timings, 95), max: timings[timings.length - 1] ?? 0 },
    failures,
    meetsGoals: false,
  };
  report.meetsGoals =
    report.answered.share >= GOALS.answered &&
    report.declined.share >= GOALS.declined &&
    report.uncertain.share >= GOALS.uncertain &&
    report.retrievalMs.p95 < GOALS.p95RetrievalMs;
  return report;
}

export function formatReport(report: EvalReport): string {
  const pct = (s: { correct: number; total: number; share: number }) => `${(s.share * 100).toFixed(1)}% (${s.correct}/${s.total})`;
  const lines = [
    `answered with the right fact and source: ${pct(report.answered)}   goal ≥ ${GOALS.answered * 100}%`,
    `correctly declined (out of scope):      ${pct(report.declined)}   goal ${GOALS.declined * 100}%`,
    `unconfirmed items kept unconfirmed:      ${pct(report.uncertain)}   goal ${GOALS.uncertain * 100}%`,
    `answer language = question language:     ${pct(report.language)}`,
    `retrieval latency (offline): p50 ${report.retrievalMs.p50.toFixed(3)} ms, p95 ${report.retrievalMs.p95.toFixed(3)} ms, max ${report.retrievalMs.max.toFixed(3)} ms   goal p95 < ${GOALS.p95RetrievalMs} ms`,
  ];
  if (report.failures.length) {
    lines.push('', 'failures:');
    for (const f of report.failures) lines.push(`  ${f.id} [${f.expected}] "${f.question}" → ${f.got}`);
  }
  lines.push('', report.meetsGoals ? 'RESULT: goals met' : 'RESULT: BELOW GOAL');
  return lines.join('\n');
}
