/**
 * Evaluates the offline NLU on the blind labelled set tests/nlu/eval/intents.jsonl and exits non-zero
 * below the goals (≥95% intent accuracy in each language, ≥97% language detection, <1 ms each).
 * Usage: npx tsx scripts/eval-nlu.ts [path/to/intents.jsonl]
 */
import { resolve } from 'node:path';
import { createUnderstanding } from '../src/nlu';
import { evaluate, formatReport, loadEvalSet } from '../src/nlu/evaluate';

const path = resolve(process.argv[2] ?? 'tests/nlu/eval/intents.jsonl');
const started = performance.now();
const understanding = createUnderstanding();
const trainMs = performance.now() - started;
const report = evaluate(loadEvalSet(path), understanding);
process.stdout.write(`${formatReport(report)}\ntraining time: ${trainMs.toFixed(0)} ms\n`);
process.exitCode = report.meetsGoals ? 0 : 1;
