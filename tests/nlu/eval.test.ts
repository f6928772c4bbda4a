import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUnderstanding } from '../../src/nlu';
import { evaluate, formatReport, GOALS, loadEvalSet } from '../../src/nlu/evaluate';

const path = resolve(__dirname, 'eval/intents.jsonl');

describe('NLU evaluation on the blind set (tests/nlu/eval/intents.jsonl)', () => {
  it('the evaluation set is there and large enough', () => {
    expect(existsSync(path)).toBe(true);
    const items = loadEvalSet(path);
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(items.map((i) => i.lang))).toEqual(new Set(['ms', 'en']));
  });

  it('meets the goals: ≥95% intent accuracy per language, ≥97% language detection, <1 ms', () => {
    const report = evaluate(loadEvalSet(path), createUnderstanding());
    const summary = formatReport(report);
    expect(report.intentAccuracyByLang.ms, summary).toBeGreaterThanOrEqual(GOALS.intentAccuracyPerLang);
    expect(report.intentAccuracyByLang.en, summary).toBeGreaterThanOrEqual(GOALS.intentAccuracyPerLang);
    expect(report.languageAccuracy, summary).toBeGreaterThanOrEqual(GOALS.languageAccuracy);
    expect(report.meanMs, summary).toBeLessThan(GOALS.meanMs);
  });
});
