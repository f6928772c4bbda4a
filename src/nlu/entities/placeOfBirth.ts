/**
 * MyKad place-of-birth (PB) codes, exactly the JPN "Kod Negeri" / "Kod Negara" list of the fact sheet
 * (facts C1). A code missing from this table is unassigned and the MyKad is invalid.
 */
export interface PlaceOfBirth {
  code: string;
  kind: 'state' | 'abroad' | 'unknown';
  /** Name in Malay and English (state names are the same in both). */
  name: { ms: string; en: string };
}

const STATES: ReadonlyArray<[string, readonly string[]]> = [
  ['Johor', ['01', '21', '22', '23', '24']],
  ['Kedah', ['02', '25', '26', '27']],
  ['Kelantan', ['03', '28', '29']],
  ['Melaka', ['04', '30']],
  ['Negeri Sembilan', ['05', '31', '59']],
  ['Pahang', ['06', '32', '33']],
  ['Pulau Pinang', ['07', '34', '35']],
  ['Perak', ['08', '36', '37', '38', '39']],
  ['Perlis', ['09', '40']],
  ['Selangor', ['10', '41', '42', '43', '44']],
  ['Terengganu', ['11', '45', '46']],
  ['Sabah', ['12', '47', '48', '49']],
  ['Sarawak', ['13', '50', '51', '52', '53']],
  ['WP Kuala Lumpur', ['14', '54', '55', '56', '57']],
  ['WP Labuan', ['15', '58']],
  ['WP Putrajaya', ['16']],
];

const ABROAD: ReadonlyArray<[string, string, string]> = [
  ['60', 'Brunei', 'Brunei'],
  ['61', 'Indonesia', 'Indonesia'],
  ['62', 'Kemboja', 'Cambodia'],
  ['63', 'Laos', 'Laos'],
  ['64', 'Myanmar', 'Myanmar'],
  ['65', 'Filipina', 'Philippines'],
  ['66', 'Singapura', 'Singapore'],
  ['67', 'Thailand', 'Thailand'],
  ['68', 'Vietnam', 'Vietnam'],
  ['71', 'Luar Negara', 'Abroad'],
  ['72', 'Luar Negara', 'Abroad'],
  ['74', 'China', 'China'],
  ['75', 'India', 'India'],
  ['76', 'Pakistan', 'Pakistan'],
  ['77', 'Arab Saudi', 'Saudi Arabia'],
  ['78', 'Sri Lanka', 'Sri Lanka'],
  ['79', 'Bangladesh', 'Bangladesh'],
  ['83', 'Asia Pasifik', 'Asia-Pacific'],
  ['84', 'Amerika Selatan', 'South America'],
  ['85', 'Afrika', 'Africa'],
  ['86', 'Eropah', 'Europe'],
  ['87', 'Britain dan Ireland', 'Britain and Ireland'],
  ['88', 'Timur Tengah', 'Middle East'],
  ['89', 'Timur Jauh', 'Far East'],
  ['90', 'Caribbean dan Amerika Tengah', 'Caribbean and Central America'],
  ['91', 'Amerika Utara', 'North America'],
  ['92', 'Eropah Timur', 'Eastern Europe'],
  ['93', 'Lain-lain negara', 'Other countries'],
  ['98', 'Tanpa Negara', 'Stateless'],
  ['99', 'Maklumat tiada', 'Unspecified'],
];

const TABLE = new Map<string, PlaceOfBirth>();
for (const [state, codes] of STATES) {
  for (const code of codes) TABLE.set(code, { code, kind: 'state', name: { ms: state, en: state } });
}
for (const [code, ms, en] of ABROAD) TABLE.set(code, { code, kind: 'abroad', name: { ms, en } });
TABLE.set('82', { code: '82', kind: 'unknown', name: { ms: 'Negeri Tidak Diketahui', en: 'State unknown' } });

export function placeOfBirth(code: string): PlaceOfBirth | undefined {
  return TABLE.get(code);
}

export const ASSIGNED_PLACE_OF_BIRTH_CODES: readonly string[] = [...TABLE.keys()].sort();
