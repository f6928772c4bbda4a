import { daysBetween, type IsoDate } from './dates';
import { fraction, type Sen } from './money';

/**
 * The 2026 "The Less You Delay, The Less You Pay" schedule (facts A8): within 15 days of the offence
 * 50% off, within 30 days 33% off, to 60 days the full compound, after that blacklisted. A blacklisted
 * summons is still paid online at the full amount and paying it lifts the blacklist (DESIGN 4.5).
 */
export const SUMMONS_STAGES = ['EARLY_50', 'EARLY_33', 'FULL', 'BLACKLISTED'] as const;
export type SummonsStage = (typeof SUMMONS_STAGES)[number];

export interface SummonsRecord {
  id: string;
  offenceDate: IsoDate;
  compoundSen: Sen;
  compoundable: boolean;
}

export interface SummonsDue {
  daysSinceOffence: number;
  stage: SummonsStage;
  discountPercent: 0 | 33 | 50;
  amountDueSen: Sen;
  blacklisted: boolean;
  payableOnline: boolean;
}

export function summonsDue(summons: SummonsRecord, today: IsoDate): SummonsDue {
  const days = Math.max(0, daysBetween(summons.offenceDate, today));
  const stage: SummonsStage = days <= 15 ? 'EARLY_50' : days <= 30 ? 'EARLY_33' : days <= 60 ? 'FULL' : 'BLACKLISTED';
  const discountPercent = stage === 'EARLY_50' ? 50 : stage === 'EARLY_33' ? 33 : 0;
  // The discounts do not apply to non-compoundable offences (no insurance, no LKM, fake LKM).
  const applied = summons.compoundable ? discountPercent : 0;
  return {
    daysSinceOffence: days,
    stage,
    discountPercent: applied,
    amountDueSen: fraction(summons.compoundSen, 100 - applied, 100),
    blacklisted: stage === 'BLACKLISTED',
    payableOnline: summons.compoundable,
  };
}
