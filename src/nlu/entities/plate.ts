/**
 * Malaysian vehicle registration plates (facts C2): prefix letter(s) + number 1–9999 (no leading zero)
 * + an optional suffix letter (the W/V/F, Sabah/Sarawak and KV series, temporary plates). I and O are
 * never used. Normalised as "WXY 1234" / "W 1234 A". Special (vanity) series such as PUTRAJAYA 88
 * are accepted when the series is known, or when the citizen clearly marks the text as a plate.
 */
export type PlateRegion =
  | 'peninsular'
  | 'kuala_lumpur'
  | 'putrajaya'
  | 'langkawi'
  | 'labuan'
  | 'sabah'
  | 'sarawak'
  | 'taxi'
  | 'military'
  | 'special';

export interface Plate {
  /** Normalised: prefix, space, number[, space, suffix]. */
  value: string;
  prefix: string;
  number: number;
  suffix?: string;
  region: PlateRegion;
}

// State/series letters that can start a plate. E (old Sabah), G, I, O, U, X, Y start none.
const FIRST_LETTERS = 'ABCDFHJKLMNPQRSTVWZ';
const LETTER = '[A-HJ-NP-Z]';

/** Special series seen on the road (facts C2). Kept short on purpose: unknown vanity words need a label. */
const SPECIAL_SERIES = ['PUTRAJAYA', 'PATRIOT', 'MALAYSIA', 'G1M', '1M4U'];

/**
 * Short words that look like a prefix + number in ordinary sentences ("ke 3", "RM 30", "Dis 15",
 * "kelas B2"). In free text these are not plates unless the citizen says "plat ...".
 */
const NOT_A_PREFIX = new Set([
  'RM', 'KE', 'DI', 'X', 'NK', 'SY', 'YG', 'DGN', 'UTK', 'THE', 'AT', 'BY', 'PM', 'AM', 'NB', 'TQ',
  'JAN', 'FEB', 'MAC', 'MAR', 'APR', 'MEI', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'NOV', 'DEC', 'DES', 'DIS',
  'B', 'D', 'DA', 'A', 'C', 'E', 'F', 'H', 'M', 'N', 'P', 'BL', 'KL', 'ST', 'ND', 'RD', 'TH', 'HB', 'BLN', 'THN', 'JAM',
  'NAK', 'LAH', 'PUN', 'JER', 'JE', 'KAT', 'SBB', 'TLG', 'BRP', 'TGK', 'PLS', 'MY', 'SMS', 'CC',
]);

const PLATE_IN_TEXT = new RegExp(
  `(?<![A-Za-z0-9])([${FIRST_LETTERS}]${LETTER}{0,2})\\s*-?\\s*([1-9]\\d{0,3})(?:\\s*(${LETTER}{1,2}))?(?![A-Za-z0-9])`,
  'gi',
);
const LABELLED = /\b(?:no\.?\s*|nombor\s+|number\s+)?(?:plat|plate|pendaftaran|registration)\s*(?:no\.?|number|nombor|kereta|kenderaan)?\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9 ]{0,14}[A-Za-z0-9])(?![A-Za-z0-9])/i;

export function parsePlate(text: string): Plate | null {
  const upper = text.toUpperCase();
  const labelled = LABELLED.exec(text);
  if (labelled) {
    const candidate = labelled[1].toUpperCase().trim();
    const plate = matchStandard(candidate, true) ?? matchSpecial(candidate, true);
    if (plate) return plate;
  }
  const special = matchSpecial(upper, false);
  if (special) return special;
  return matchStandard(upper, false);
}

function matchStandard(text: string, labelled: boolean): Plate | null {
  for (const m of text.matchAll(PLATE_IN_TEXT)) {
    const prefix = m[1].toUpperCase();
    const number = Number(m[2]);
    let suffix = m[3]?.toUpperCase();
    if (!labelled && NOT_A_PREFIX.has(prefix)) continue;
    // A one-letter "suffix" that is really the next word ("WXY 1234 A" vs "ABC 12 DAN")
    // is ruled out by the trailing (?![A-Za-z0-9]) guard; two-letter suffixes only on the W/V series.
    if (suffix && suffix.length === 2 && !/^[WV]/.test(prefix)) continue;
    if (prefix === 'Z' && !labelled) continue;
    return {
      value: suffix ? `${prefix} ${number} ${suffix}` : `${prefix} ${number}`,
      prefix,
      number,
      ...(suffix ? { suffix } : {}),
      region: regionOf(prefix),
    };
  }
  return null;
}

function matchSpecial(text: string, labelled: boolean): Plate | null {
  const m = /(?<![A-Z0-9])([A-Z][A-Z0-9]{1,9}|1M4U)\s*([1-9]\d{0,3})(?:\s*([A-Z]))?(?![A-Z0-9])/.exec(text);
  if (!m) return null;
  const prefix = m[1];
  if (!labelled && !SPECIAL_SERIES.includes(prefix)) return null;
  if (labelled && prefix.length <= 3 && /^[A-Z]+$/.test(prefix)) return null; // standard shape, already tried
  const number = Number(m[2]);
  const suffix = m[3];
  return {
    value: suffix ? `${prefix} ${number} ${suffix}` : `${prefix} ${number}`,
    prefix,
    number,
    ...(suffix ? { suffix } : {}),
    region: 'special',
  };
}

function regionOf(prefix: string): PlateRegion {
  if (prefix.startsWith('KV')) return 'langkawi';
  switch (prefix[0]) {
    case 'W':
    case 'V':
      return 'kuala_lumpur';
    case 'F':
      return 'putrajaya';
    case 'L':
      return 'labuan';
    case 'Q':
      return 'sarawak';
    case 'S':
      return 'sabah';
    case 'H':
      return 'taxi';
    case 'Z':
      return 'military';
    default:
      return 'peninsular';
  }
}
