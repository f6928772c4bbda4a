import type { Reason } from '../../agencies/reasons';
import { ageOn, type IsoDate } from './dates';
import type { Sen } from './money';

/**
 * Malaysian international passport renewal, from the facts file B1, B3, B4 and B5: online only for
 * 13 and over holding a chip passport in good condition; fee by category (RM200; RM100 for 60+,
 * 12 and under, students ≤21 abroad, Hajj pilgrims; free for OKU registered with JKM).
 */
export const PASSPORT_CATEGORIES = ['STANDARD', 'SENIOR', 'CHILD', 'STUDENT_ABROAD', 'HAJJ', 'OKU'] as const;
export type PassportCategory = (typeof PASSPORT_CATEGORIES)[number];
/** Concessions a citizen may claim; senior and child follow from the MyKad birth date. */
export const CLAIMABLE_CONCESSIONS = ['STUDENT_ABROAD', 'HAJJ', 'OKU'] as const;
export type ClaimableConcession = (typeof CLAIMABLE_CONCESSIONS)[number];

export const PASSPORT_FEES_SEN: Readonly<Record<PassportCategory, Sen>> = {
  STANDARD: 20000,
  SENIOR: 10000,
  CHILD: 10000,
  STUDENT_ABROAD: 10000,
  HAJJ: 10000,
  OKU: 0,
};

export const PASSPORT_CONDITIONS = ['GOOD', 'DAMAGED', 'LOST'] as const;
export type PassportCondition = (typeof PASSPORT_CONDITIONS)[number];

export interface PassportRecord {
  number: string;
  chip: boolean;
  condition: PassportCondition;
  expiry: IsoDate;
}

export interface PassportCase {
  birthDate: IsoDate;
  passport: PassportRecord | null;
  claimed?: ClaimableConcession;
  /** Agencies that have barred the citizen from leaving (B5); PTPTN's also blocks renewal. */
  restrictedBy: readonly string[];
  today: IsoDate;
}

export interface PassportAssessment {
  age: number;
  category: PassportCategory;
  feeSen: Sen;
  reasons: Reason[];
  /** 13 to 17: only the guardian who consented before may apply online and must be at collection (B3). */
  guardianRequired: boolean;
}

export function passportCategory(age: number, claimed: ClaimableConcession | undefined): PassportCategory {
  if (claimed === 'OKU') return 'OKU';
  if (age >= 60) return 'SENIOR';
  if (age <= 12) return 'CHILD';
  if (claimed === 'STUDENT_ABROAD' && age <= 21) return 'STUDENT_ABROAD';
  if (claimed === 'HAJJ') return 'HAJJ';
  return 'STANDARD';
}

export function assessPassportRenewal(c: PassportCase): PassportAssessment {
  const age = ageOn(c.birthDate, c.today);
  const category = passportCategory(age, c.claimed);
  const reasons: Reason[] = [];
  if (!c.passport) reasons.push({ code: 'FIRST_PASSPORT' });
  if (age <= 12) reasons.push({ code: 'CHILD_PASSPORT', age });
  if (c.passport && c.passport.condition !== 'GOOD') reasons.push({ code: 'PASSPORT_LOST_OR_DAMAGED' });
  if (c.passport && !c.passport.chip) reasons.push({ code: 'NON_CHIP_PASSPORT' });
  // Student, Hajj and OKU rates need a letter or card shown in person; senior and child do not.
  if (category === 'STUDENT_ABROAD' || category === 'HAJJ' || category === 'OKU') {
    reasons.push({ code: 'CONCESSION_DOCUMENTS_REQUIRED', concession: category });
  }
  if (c.restrictedBy.includes('PTPTN')) reasons.push({ code: 'PTPTN_BLACKLIST' });
  return { age, category, feeSen: PASSPORT_FEES_SEN[category], reasons, guardianRequired: age >= 13 && age < 18 };
}
