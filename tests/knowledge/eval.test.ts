import { describe, expect, it } from 'vitest';
import { createKnowledge } from '../../src/knowledge';
import { formatReport, GOALS, loadQuestions, runEvaluation } from './eval/evaluate';

describe('knowledge evaluation (tests/knowledge/eval/questions.jsonl)', () => {
  it('has at least 100 questions in both languages, at least 20 of them to decline', () => {
    const items = loadQuestions();
    expect(items.length).toBeGreaterThanOrEqual(100);
    expect(items.filter((i) => i.expect === 'decline').length).toBeGreaterThanOrEqual(20);
    expect(new Set(items.map((i) => i.lang))).toEqual(new Set(['ms', 'en']));
  });

  it('meets the goals: ≥95% answered right, 100% declined, unverified kept unconfirmed, p95 retrieval < 5 ms', async () => {
    const report = await runEvaluation(await createKnowledge());
    const summary = formatReport(report);
    expect(report.answered.share, summary).toBeGreaterThanOrEqual(GOALS.answered);
    expect(report.declined.share, summary).toBe(1);
    expect(report.uncertain.share, summary).toBe(1);
    expect(report.retrievalMs.p95, summary).toBeLessThan(GOALS.p95RetrievalMs);
  }, 60_000);
});
