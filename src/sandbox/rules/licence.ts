import type { Reason } from '../../agencies/reasons';
import { addYears, type IsoDate } from './dates';
import type { Sen } from './money';

/** Driving licence (LMM) renewal, from the facts file A5/A6 (JPJ fee table, s.29 RTA 1987). */
export const LICENCE_TYPES = ['CDL', 'PDL', 'GDL', 'PSV'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

/** CDL yearly fee per class for citizens (JPJ "Kadar Bayaran Urusniaga Lesen Memandu"). */
const CDL_YEARLY_SEN: Readonly<Record<string, Sen>> = {
  A: 200, A1: 200,
  B: 2000, B2: 2000, C: 2000,
  D: 3000, E: 3000, F: 3000, G: 3000, H: 3000, I: 3000,
};

export const MIN_YEARS = 1;
export const MAX_YEARS = 10;

export interface LicenceRecord {
  type: LicenceType;
  licenceClass: string;
  expiry: IsoDate;
  /** JPJ transaction restrictions, a PDRM blacklist or a suspension; any one stops online renewal. */
  restrictions: readonly string[];
}

export interface LicenceCase {
  licence: LicenceRecord;
  citizen: boolean;
  blacklistingSummonsIds: readonly string[];
  today: IsoDate;
}

/** Void under s.29 RTA 1987: PDL expired more than 1 year, CDL or vocational more than 3 years. */
export function isVoid(licence: LicenceRecord, today: IsoDate): boolean {
  const graceYears = licence.type === 'PDL' ? 1 : 3;
  return addYears(licence.expiry, graceYears) < today;
}

export function licenceRefusals(c: LicenceCase): Reason[] {
  const { licence, today } = c;
  const reasons: Reason[] = [];
  if (isVoid(licence, today)) {
    reasons.push({ code: 'LICENCE_VOID', licenceType: licence.type, expiredOn: licence.expiry });
  } else if (licence.type === 'PDL') {
    reasons.push({ code: 'PROBATIONARY_LICENCE', licenceType: 'PDL' });
  } else if (licence.type === 'GDL' || licence.type === 'PSV') {
    reasons.push({ code: 'VOCATIONAL_LICENCE', licenceType: licence.type });
  }
  // 1–10 year renewal is not for foreigners, long-term pass or MyKAS holders (A5).
  if (!c.citizen) reasons.push({ code: 'NOT_ELIGIBLE_ONLINE', why: 'NOT_A_CITIZEN' });
  if (licence.type === 'CDL' && CDL_YEARLY_SEN[licence.licenceClass] === undefined) {
    reasons.push({ code: 'NOT_ELIGIBLE_ONLINE', why: 'CLASS_FEE_NOT_LISTED', licenceClass: licence.licenceClass });
  }
  for (const restriction of licence.restrictions) reasons.push({ code: 'LICENCE_RESTRICTED', restriction });
  if (c.blacklistingSummonsIds.length > 0) reasons.push({ code: 'SUMMONS_BLACKLIST', summonsIds: [...c.blacklistingSummonsIds] });
  return reasons;
}

export interface LicenceQuote {
  years: number;
  yearlySen: Sen;
  discountSen: Sen;
  amountSen: Sen;
  newExpiry: IsoDate;
}

/**
 * 1–10 years at the class's yearly fee; a 10-year renewal has the 10th year free (RM270 for class D,
 * A5). The new expiry runs on from the current one, or from today when it has lapsed.
 */
export function licenceQuote(licence: LicenceRecord, years: number, today: IsoDate): LicenceQuote | null {
  const yearlySen = CDL_YEARLY_SEN[licence.licenceClass];
  if (yearlySen === undefined || !Number.isInteger(years) || years < MIN_YEARS || years > MAX_YEARS) return null;
  const discountSen = years === 10 ? yearlySen : 0;
  const base = licence.expiry >= today ? licence.expiry : today;
  return { years, yearlySen, discountSen, amountSen: yearlySen * years - discountSen, newExpiry: addYears(base, years) };
}
