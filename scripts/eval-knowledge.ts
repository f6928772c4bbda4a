/**
 * Knowledge-base evaluation: `npx tsx scripts/eval-knowledge.ts` (offline; OPENAI_* are ignored so
 * the figures are the offline ones). Prints the share answered with the right fact and source,
 * the share correctly declined, and retrieval latency; exits 1 below the goals.
 */
import { createKnowledge } from '../src/knowledge';
import { formatReport, runEvaluation } from '../tests/knowledge/eval/evaluate';

async function main(): Promise<void> {
  const knowledge = await createKnowledge();
  const report = await runEvaluation(knowledge);
  process.stdout.write(`${formatReport(report)}\n`);
  process.exitCode = report.meetsGoals ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
