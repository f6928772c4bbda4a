import type { Bilingual } from '../i18n/lang';
import type { IsoDate } from './rules/dates';
import type { LicenceRecord } from './rules/licence';
import type { Sen } from './rules/money';
import type { PassportRecord } from './rules/passport';
import type { BodyType, Fuel, OwnerType, Zone } from './rules/roadTax';
import type { RestrictingAgency } from './rules/travel';

/** What the simulated agencies hold about people and things (in memory; reseeded by reset()). */

export interface CitizenRecord {
  ic: string;
  name: string;
  /** The phone on record, where OTPs go. */
  phone: string;
  birthDate: IsoDate;
  citizen: boolean;
  licence: LicenceRecord | null;
  passport: PassportRecord | null;
  demeritPoints: number;
  travelRestrictions: RestrictingAgency[];
}

export interface VehicleRecord {
  plate: string;
  ownerIc: string;
  make: string;
  model: string;
  bodyType: BodyType;
  engineCc: number;
  zone: Zone;
  fuel: Fuel;
  ownerType: OwnerType;
  roadTaxExpiry: IsoDate;
  insuranceExpiry: IsoDate | null;
}

export interface SummonsEntry {
  id: string;
  ic: string;
  plate: string | null;
  offence: Bilingual;
  offenceDate: IsoDate;
  compoundSen: Sen;
  compoundable: boolean;
  paidAt: string | null;
}

export interface Branch {
  id: string;
  name: string;
  state: string;
  address: string;
}

/** Plates are compared without spaces and in capitals: "wxy1234" finds "WXY 1234". */
export function plateKey(plate: string): string {
  return plate.replace(/\s+/g, '').toUpperCase();
}

/** MyKad numbers are kept in the dashed form 850412-10-5566. */
export function normaliseMyKad(ic: string): string {
  const d = ic.replace(/\D/g, '');
  return `${d.slice(0, 6)}-${d.slice(6, 8)}-${d.slice(8, 12)}`;
}
