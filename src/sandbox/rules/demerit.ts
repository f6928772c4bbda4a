import type { LicenceType } from './licence';

/**
 * Where a citizen stands on the KEJARA ladder (facts A7). CDL: the first 20 points are the warning
 * stage; each further 20 points is a suspension (6–8, 8–10, 10–12 months); three suspensions within
 * five years revoke the licence. PDL: revoked at 20 points or more.
 */
export const DEMERIT_STAGES = ['NONE', 'WARNING', 'SUSPENSION_1', 'SUSPENSION_2', 'SUSPENSION_3', 'SUSPENSION_FURTHER', 'PDL_REVOKED'] as const;
export type DemeritStage = (typeof DEMERIT_STAGES)[number];

export interface DemeritPosition {
  points: number;
  stage: DemeritStage;
  /** Points still to go before the next step up the ladder (null when there is none). */
  pointsToNextStage: number | null;
  nextStage: DemeritStage | null;
  /** Suspension length in months for the current stage, when it is a suspension. */
  suspensionMonths: { min: number; max: number } | null;
}

const CDL_LADDER: readonly { stage: DemeritStage; upTo: number | null; months: { min: number; max: number } | null }[] = [
  { stage: 'WARNING', upTo: 20, months: null },
  { stage: 'SUSPENSION_1', upTo: 40, months: { min: 6, max: 8 } },
  { stage: 'SUSPENSION_2', upTo: 60, months: { min: 8, max: 10 } },
  { stage: 'SUSPENSION_3', upTo: 80, months: { min: 10, max: 12 } },
  { stage: 'SUSPENSION_FURTHER', upTo: null, months: { min: 10, max: 12 } },
];

export function demeritPosition(points: number, licenceType: LicenceType | null): DemeritPosition {
  if (licenceType === 'PDL') {
    return points >= 20
      ? { points, stage: 'PDL_REVOKED', pointsToNextStage: null, nextStage: null, suspensionMonths: null }
      : { points, stage: points === 0 ? 'NONE' : 'WARNING', pointsToNextStage: 20 - points, nextStage: 'PDL_REVOKED', suspensionMonths: null };
  }
  if (points <= 0) return { points: 0, stage: 'NONE', pointsToNextStage: 1, nextStage: 'WARNING', suspensionMonths: null };
  const index = CDL_LADDER.findIndex((step) => step.upTo === null || points <= step.upTo);
  const step = CDL_LADDER[index]!;
  const next = CDL_LADDER[index + 1];
  return {
    points,
    stage: step.stage,
    pointsToNextStage: step.upTo === null ? null : step.upTo + 1 - points,
    nextStage: next ? next.stage : null,
    suspensionMonths: step.months,
  };
}
