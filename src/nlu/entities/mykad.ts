import { placeOfBirth, type PlaceOfBirth } from './placeOfBirth';

/**
 * MyKad numbers (facts C1): YYMMDD-PB-###G. No checksum exists, so the local check is what DESIGN
 * principle 2 asks: 12 digits, a real birth date, an assigned place-of-birth code.
 *
 * Century: YY does not encode it. We take 20YY when that date is a real date not after `today`, else
 * 19YY (python-stdnum does the same). So 150303 → 2015 and 850412 → 1985; a person is never born in
 * the future. A centenarian born in 1925 would read as 2025 only if that date had already passed —
 * an accepted limit of the format, since the number cannot tell them apart.
 */
export interface MyKad {
  /** Normalised: YYMMDD-PB-###G. */
  value: string;
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  placeOfBirth: PlaceOfBirth;
  gender: 'male' | 'female';
}

export type MyKadInvalidReason = 'bad_length' | 'impossible_date' | 'unknown_place_of_birth';

export type MyKadResult =
  | { ok: true; mykad: MyKad }
  | { ok: false; reason: MyKadInvalidReason | 'not_found' };

// A run of digits with optional single dash/space separators, not glued to other digits or a "+".
const DIGIT_RUN = /(?<![\d+])\d(?:[\s-]?\d)*(?!\d)/g;

/** Phones in free text (01x…, 60 1x…) are not failed MyKads; the phone extractor takes them. */
function looksLikePhone(digits: string): boolean {
  return /^(0|60)1\d{7,9}$/.test(digits);
}

// Written the MyKad way (6-2-4 with the same separator twice): found even when other digits stand next
// to it ("WXY 1234 850412-10-5566" must not read as one 16-digit run).
const MYKAD_SHAPED = /(?<![\d+])(\d{6})([-\s]?)(\d{2})\2(\d{4})(?!\d)/g;

export function parseMyKad(text: string, options: { today?: Date } = {}): MyKadResult {
  const today = options.today ?? new Date();
  let nearMiss: MyKadInvalidReason | undefined;
  for (const shaped of text.matchAll(MYKAD_SHAPED)) {
    const result = validateDigits(shaped[1] + shaped[3] + shaped[4], today);
    if (result.ok) return result;
    nearMiss ??= result.reason;
  }
  for (const match of text.matchAll(DIGIT_RUN)) {
    const raw = match[0];
    const digits = raw.replace(/[\s-]/g, '');
    if (digits.length === 12) {
      const result = validateDigits(digits, today);
      if (result.ok) return result;
      nearMiss ??= result.reason;
    } else if (digits.length >= 10 && digits.length <= 14 && !looksLikePhone(digits)) {
      nearMiss ??= 'bad_length';
    } else if (digits.length >= 6 && /^\d{6}[\s-]\d{2}[\s-]\d{1,5}$/.test(raw.trim())) {
      // Written in MyKad shape but with a wrong number of serial digits.
      nearMiss ??= 'bad_length';
    }
  }
  return { ok: false, reason: nearMiss ?? 'not_found' };
}

function validateDigits(digits: string, today: Date): { ok: true; mykad: MyKad } | { ok: false; reason: MyKadInvalidReason } {
  const yy = Number(digits.slice(0, 2));
  const mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  const birthYear = chooseCentury(yy, mm, dd, today);
  if (birthYear === undefined) return { ok: false, reason: 'impossible_date' };
  const code = digits.slice(6, 8);
  const place = placeOfBirth(code);
  if (!place) return { ok: false, reason: 'unknown_place_of_birth' };
  const lastDigit = Number(digits[11]);
  return {
    ok: true,
    mykad: {
      value: `${digits.slice(0, 6)}-${code}-${digits.slice(8)}`,
      birthDate: `${birthYear}-${pad(mm)}-${pad(dd)}`,
      placeOfBirth: place,
      gender: lastDigit % 2 === 1 ? 'male' : 'female',
    },
  };
}

function chooseCentury(yy: number, mm: number, dd: number, today: Date): number | undefined {
  const todayIso = today.toISOString().slice(0, 10);
  for (const year of [2000 + yy, 1900 + yy]) {
    if (!isRealDate(year, mm, dd)) continue;
    if (`${year}-${pad(mm)}-${pad(dd)}` <= todayIso) return year;
  }
  return undefined;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
