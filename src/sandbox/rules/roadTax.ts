import type { Reason } from '../../agencies/reasons';
import { addDays, addMonths, addYears, type IsoDate } from './dates';
import { fraction, type Sen } from './money';

/**
 * Road tax (LKM) rates for private vehicles owned by individuals, from the facts file (A3). Only the
 * tables the facts file gives without CONFLICT/UNVERIFIED are computed; anything else is "not online,
 * counter", never a guess.
 */
export const ZONES = ['PENINSULAR', 'SABAH_SARAWAK', 'LABUAN', 'LANGKAWI_PANGKOR'] as const;
export type Zone = (typeof ZONES)[number];
export const BODY_TYPES = ['SALOON', 'NON_SALOON', 'MOTORCYCLE'] as const;
export type BodyType = (typeof BODY_TYPES)[number];
export const FUELS = ['PETROL', 'DIESEL', 'ELECTRIC'] as const;
export type Fuel = (typeof FUELS)[number];
export const OWNER_TYPES = ['INDIVIDUAL', 'COMPANY'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

interface Band {
  /** Inclusive engine-size range in cc; `toCc` null = no upper limit. */
  fromCc: number;
  toCc: number | null;
  baseSen: Sen;
  /** Progressive sen per cc above `fromCc - 1` (the band floor); 0 for flat bands. */
  perCcSen: Sen;
  /** Set when the facts file has no settled figure for this band: renewal goes to a counter. */
  unsupported?: string;
}

const flat = (fromCc: number, toCc: number | null, baseSen: Sen): Band => ({ fromCc, toCc, baseSen, perCcSen: 0 });
const progressive = (fromCc: number, toCc: number | null, baseSen: Sen, perCcSen: Sen): Band => ({ fromCc, toCc, baseSen, perCcSen });
const unsupported = (fromCc: number, toCc: number | null, why: string): Band => ({ fromCc, toCc, baseSen: 0, perCcSen: 0, unsupported: why });

type TableKey = `${Zone}:${BodyType}`;

const TABLES: Partial<Record<TableKey, readonly Band[]>> = {
  // A3: JPJ guideline (Bajet 2009), usage code AB. >3,000 cc: RM4.50/cc is the guideline figure the facts
  // file says to use (aggregators' RM4.00 is the CONFLICT; the forum's 5,000 cc = RM11,130 matches 4.50).
  'PENINSULAR:SALOON': [
    flat(0, 1000, 2000),
    flat(1001, 1200, 5500),
    flat(1201, 1400, 7000),
    flat(1401, 1600, 9000),
    progressive(1601, 1800, 20000, 40),
    progressive(1801, 2000, 28000, 50),
    progressive(2001, 2500, 38000, 100),
    progressive(2501, 3000, 88000, 250),
    progressive(3001, null, 213000, 450),
  ],
  'SABAH_SARAWAK:SALOON': [
    flat(0, 1000, 2000),
    flat(1001, 1200, 4400),
    flat(1201, 1400, 5600),
    flat(1401, 1600, 7200),
    progressive(1601, 1800, 16000, 32),
    // RM224 base (borneoauto's RM240 is a typo: 160 + 200 × 0.32 = 224, per the facts file).
    progressive(1801, 2000, 22400, 25),
    progressive(2001, 2500, 27400, 50),
    progressive(2501, 3000, 52400, 100),
    progressive(3001, null, 102400, 135),
  ],
  // Secondary source, no figure above 3,000 cc. The bands join up (300 + 200 × 0.30 = 360, ...), which
  // confirms the progressive part counts cc above each band's floor.
  'PENINSULAR:NON_SALOON': [
    flat(0, 1000, 2000),
    flat(1001, 1200, 8500),
    flat(1201, 1400, 10000),
    flat(1401, 1600, 12000),
    progressive(1601, 1800, 30000, 30),
    progressive(1801, 2000, 36000, 40),
    progressive(2001, 2500, 44000, 80),
    progressive(2501, 3000, 84000, 160),
    unsupported(3001, null, 'NO_RATE_IN_SOURCES'),
  ],
  // Secondary source. The 1,601–1,800 band does not join the next one (160 + 200 × 0.17 = 194, next
  // base 199), so that band is not computed online until JPJ's table confirms it.
  'SABAH_SARAWAK:NON_SALOON': [
    flat(0, 1000, 2000),
    flat(1001, 1200, 4250),
    flat(1201, 1400, 5000),
    flat(1401, 1600, 6000),
    unsupported(1601, 1800, 'INCONSISTENT_SOURCE_RATE'),
    progressive(1801, 2000, 19900, 22),
    progressive(2001, 2500, 24300, 44),
    progressive(2501, 3000, 46300, 88),
    progressive(3001, null, 90300, 120),
  ],
  // ≤150 cc: RM2 vs free is a CONFLICT in the facts file.
  'PENINSULAR:MOTORCYCLE': [
    unsupported(0, 150, 'CONFLICTING_SOURCE_RATE'),
    flat(151, 200, 3000),
    flat(201, 250, 5000),
    flat(251, 500, 18000),
    flat(501, 800, 25000),
    flat(801, null, 35000),
  ],
  'SABAH_SARAWAK:MOTORCYCLE': [
    flat(0, 150, 0),
    flat(151, 200, 900),
    flat(201, 250, 1200),
    flat(251, 500, 3000),
    flat(501, 800, 4000),
    flat(801, null, 4200),
  ],
};

export type RoadTaxMonths = 6 | 12;

export interface RoadTaxVehicle {
  zone: Zone;
  bodyType: BodyType;
  engineCc: number;
  fuel?: Fuel;
  ownerType?: OwnerType;
}

export interface RoadTaxQuote {
  months: RoadTaxMonths;
  amountSen: Sen;
  annualSen: Sen;
  baseSen: Sen;
  progressiveSen: Sen;
  perCcSen: Sen;
  ccAboveFloor: number;
  band: string;
}

export type RateLookup = { supported: true; band: Band } | { supported: false; why: string };

function bandLabel(band: Band): string {
  const fmt = (n: number) => n.toLocaleString('en-MY');
  return band.toCc === null ? `> ${fmt(band.fromCc - 1)} cc` : band.fromCc === 0 ? `≤ ${fmt(band.toCc)} cc` : `${fmt(band.fromCc)}–${fmt(band.toCc)} cc`;
}

export function findRate(vehicle: RoadTaxVehicle): RateLookup {
  if ((vehicle.ownerType ?? 'INDIVIDUAL') !== 'INDIVIDUAL') return { supported: false, why: 'COMPANY_VEHICLE' };
  const fuel = vehicle.fuel ?? 'PETROL';
  if (fuel === 'DIESEL') return { supported: false, why: 'DIESEL_RATE_UNVERIFIED' };
  if (fuel === 'ELECTRIC') return { supported: false, why: 'EV_RATE_UNVERIFIED' };
  const table = TABLES[`${vehicle.zone}:${vehicle.bodyType}`];
  if (!table) return { supported: false, why: 'ZONE_RATE_UNVERIFIED' };
  if (!Number.isInteger(vehicle.engineCc) || vehicle.engineCc <= 0) return { supported: false, why: 'ENGINE_SIZE_UNKNOWN' };
  const band = table.find((b) => vehicle.engineCc >= b.fromCc && (b.toCc === null || vehicle.engineCc <= b.toCc));
  if (!band) return { supported: false, why: 'ENGINE_SIZE_UNKNOWN' };
  if (band.unsupported) return { supported: false, why: band.unsupported };
  return { supported: true, band };
}

/** 12 months = base + per-cc × cc above the band floor; 6 months = half of that (A2's JPJ example). */
export function roadTaxQuote(vehicle: RoadTaxVehicle, months: RoadTaxMonths): RoadTaxQuote | { supported: false; why: string } {
  const rate = findRate(vehicle);
  if (!rate.supported) return rate;
  const { band } = rate;
  const ccAboveFloor = band.perCcSen === 0 ? 0 : vehicle.engineCc - (band.fromCc - 1);
  const progressiveSen = ccAboveFloor * band.perCcSen;
  const annualSen = band.baseSen + progressiveSen;
  const amountSen = months === 12 ? annualSen : fraction(annualSen, 1, 2);
  return { months, amountSen, annualSen, baseSen: band.baseSen, progressiveSen, perCcSen: band.perCcSen, ccAboveFloor, band: bandLabel(band) };
}

export function isQuote(value: RoadTaxQuote | { supported: false; why: string }): value is RoadTaxQuote {
  return 'amountSen' in value;
}

export interface RoadTaxCase {
  vehicle: RoadTaxVehicle & { plate: string; roadTaxExpiry: IsoDate; insuranceExpiry: IsoDate | null };
  /** Summons ids that blacklist this vehicle (unpaid more than 60 days). */
  blacklistingSummonsIds: readonly string[];
  today: IsoDate;
}

/** Every reason the renewal cannot be done online now; empty = eligible. */
export function roadTaxRefusals(c: RoadTaxCase): Reason[] {
  const reasons: Reason[] = [];
  const rate = findRate(c.vehicle);
  if (!rate.supported) reasons.push({ code: 'VEHICLE_NOT_SUPPORTED_ONLINE', why: rate.why });
  // PUSPAKOM: expired up to 3 years renews without inspection (A1); beyond that, inspection first.
  if (addYears(c.vehicle.roadTaxExpiry, 3) < c.today) reasons.push({ code: 'INSPECTION_REQUIRED', expiredOn: c.vehicle.roadTaxExpiry });
  if (!c.vehicle.insuranceExpiry || c.vehicle.insuranceExpiry < c.today) {
    reasons.push({ code: 'INSURANCE_EXPIRED', insuranceExpiredOn: c.vehicle.insuranceExpiry ?? 'unknown' });
  }
  if (c.blacklistingSummonsIds.length > 0) reasons.push({ code: 'SUMMONS_BLACKLIST', summonsIds: [...c.blacklistingSummonsIds] });
  return reasons;
}

/**
 * The new validity period. A still-valid LKM is extended from the day after it ends; a lapsed one runs
 * from today (the facts file does not cover back-dating, so the sandbox does not back-date).
 */
export function newRoadTaxValidity(currentExpiry: IsoDate, today: IsoDate, months: RoadTaxMonths): { validFrom: IsoDate; validTo: IsoDate } {
  const validFrom = currentExpiry >= today ? addDays(currentExpiry, 1) : today;
  return { validFrom, validTo: addDays(addMonths(validFrom, months), -1) };
}
