import { withoutAccents } from './language';
/**
 * Text → tokens for intent classification. Same pipeline at training and at run time:
 * identifiers become placeholders (a plate says "a vehicle is involved", not which one), informal
 * Malay and common misspellings map to one form (nk/nak, x/tak, sy/saya, kete/kereta...), cross-
 * language synonyms share a token (saman/summons, pasport/passport, lesen/licence) so one language's
 * phrases help the other, and a light stemmer folds the commonest affixes of both languages.
 */

const PLACEHOLDERS: ReadonlyArray<[RegExp, string]> = [
  [/(?<![\d+])\d{6}[\s-]?\d{2}[\s-]?\d{4}(?!\d)/g, ' zic '],
  [/(?<![A-Za-z0-9])[A-Za-z]\s?\d{8}(?!\d)/g, ' zpassport '],
  [/(?<![\w])(?:\+?6?0)1\d[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)/g, ' zphone '],
  [/(?<![A-Za-z])rm\s?\d[\d,]*(?:\.\d{1,2})?/gi, ' zamount '],
  [/(?<![\d])\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?!\d)/g, ' zdate '],
  [/(?<![\d])\d{3,4}\s?cc(?![a-z])/gi, ' zengine '],
  [/(?<![A-Za-z0-9])(?!rm\b)[A-HJ-NP-Za-hj-np-z]{1,3}\s?[1-9]\d{0,3}(?:\s?[A-HJ-NP-Za-hj-np-z])?(?![A-Za-z0-9])/g, ' zplate '],
  [/\d+/g, ' znum '],
];

/** Informal spellings, abbreviations and cross-language synonyms → one token (or several). */
const CANONICAL: Readonly<Record<string, string>> = {
  // Malay informal / abbreviations
  nk: 'nak', nakk: 'nak', hendak: 'nak', hndk: 'nak', mahu: 'nak', mau: 'nak', ingin: 'nak', want: 'nak', wanna: 'nak', wan: 'nak',
  x: 'tak', tk: 'tak', tidak: 'tak', tdk: 'tak', xnak: 'tak nak', taknak: 'tak nak', xmo: 'tak nak', xde: 'tiada', takde: 'tiada', tade: 'tiada', takda: 'tiada',
  sy: 'saya', sye: 'saya', saye: 'saya', aku: 'saya', sya: 'saya', i: 'saya', me: 'saya', my: 'saya', mine: 'saya', sy2: 'saya',
  kete: 'kereta', keta: 'kereta', kreta: 'kereta', krete: 'kereta', car: 'kereta', cars: 'kereta', vehicle: 'kenderaan', keje: 'kerja',
  cmne: 'macam mana', camne: 'macam mana', camana: 'macam mana', macamana: 'macam mana', mcmne: 'macam mana', mcm: 'macam', mcmana: 'macam mana', bagaimana: 'macam mana', how: 'macam mana',
  bole: 'boleh', blh: 'boleh', leh: 'boleh', bleh: 'boleh', can: 'boleh', could: 'boleh',
  tlg: 'tolong', tolon: 'tolong', pls: 'please', plz: 'please', pleaze: 'please', sila: 'please', mohon: 'please',
  utk: 'untuk', ntuk: 'untuk', for: 'untuk', dgn: 'dengan', dng: 'dengan', yg: 'yang', skrg: 'sekarang', skang: 'sekarang', now: 'sekarang',
  brp: 'berapa', brape: 'berapa', bape: 'berapa', brapa: 'berapa', berape: 'berapa',
  tgk: 'tengok', tengok: 'tengok', tngok: 'tengok', dah: 'sudah', dh: 'sudah', da: 'sudah', already: 'sudah', blum: 'belum', blm: 'belum', lg: 'lagi',
  bln: 'bulan', bulan: 'bulan', month: 'bulan', months: 'bulan', mth: 'bulan', thn: 'tahun', thun: 'tahun', year: 'tahun', years: 'tahun', yr: 'tahun', yrs: 'tahun',
  setahun: 'satu tahun', sebulan: 'satu bulan', sbb: 'sebab', coz: 'sebab', because: 'sebab', cuz: 'sebab',
  kat: 'di', dkt: 'dekat', tau: 'tahu', paham: 'faham', ckp: 'cakap', tq: 'thanks', tqvm: 'thanks', thx: 'thanks', thank: 'thanks', tenkiu: 'thanks', mekasih: 'terima kasih', trima: 'terima',
  ape: 'apa', pe: 'apa', what: 'apa', wat: 'apa', bile: 'bila', when: 'bila', knp: 'kenapa', nape: 'kenapa', why: 'kenapa',
  hai: 'hi', hye: 'hi', hey: 'hi', helo: 'hello', hallo: 'hello', slm: 'salam', assalamualaikum: 'salam', askum: 'salam',
  // Domain words, both languages, common misspellings
  roadtax: 'road tax', rodtax: 'road tax', roadtx: 'road tax', rdtax: 'road tax', roadtaks: 'road tax', rt: 'road tax', lkm: 'road tax',
  cukai: 'cukai', tax: 'tax', rod: 'road',
  lesen: 'licence', lisen: 'licence', license: 'licence', lisence: 'licence', licens: 'licence', licnese: 'licence', lmm: 'licence', lesn: 'licence',
  saman: 'saman', sman: 'saman', summon: 'saman', summons: 'saman', saaman: 'saman', samans: 'saman', compound: 'saman', kompaun: 'saman', fines: 'saman', fine: 'saman', ticket: 'saman', tickets: 'saman',
  pasport: 'passport', passport: 'passport', pspot: 'passport', paspot: 'passport', pasport2: 'passport', passpot: 'passport', pasprt: 'passport', passports: 'passport',
  renew: 'renew', renw: 'renew', rnew: 'renew', renu: 'renew', renewkan: 'renew', renewal: 'renew', renewing: 'renew', renewed: 'renew', rinew: 'renew',
  perbaharui: 'renew', memperbaharui: 'renew', pembaharuan: 'renew', diperbaharui: 'renew', pbaharui: 'renew', baharui: 'renew', perbaharuikan: 'renew', extend: 'renew', sambung: 'renew', menyambung: 'renew',
  check: 'semak', chek: 'semak', cek: 'semak', chk: 'semak', semak: 'semak', semakan: 'semak', menyemak: 'semak', lookup: 'semak', tengokkan: 'semak',
  appt: 'appointment', appoinment: 'appointment', apointment: 'appointment', appointmen: 'appointment', temujanji: 'appointment', tempahan: 'tempah', booking: 'book', bookkan: 'book', reserve: 'book',
  dmerit: 'demerit', demirit: 'demerit', demerits: 'demerit', kejara: 'kejara', point: 'mata', points: 'mata', pts: 'mata',
  blacklist: 'blacklist', blacklisted: 'blacklist', senarai: 'senarai', disekat: 'sekat', sekatan: 'sekat', halangan: 'sekat', restriction: 'sekat', restricted: 'sekat', ban: 'sekat', banned: 'sekat', barred: 'sekat', blocked: 'sekat', larangan: 'sekat',
  oversea: 'luar negara', overseas: 'luar negara', abroad: 'luar negara', fly: 'travel', travelling: 'travel', traveling: 'travel',
  ic: 'mykad', kp: 'mykad', nric: 'mykad', mykad: 'mykad',
  expired: 'tamat', expire: 'tamat', expiring: 'tamat', expires: 'tamat', expiry: 'tamat', exp: 'tamat', mati: 'tamat', lapse: 'tamat', lapses: 'tamat', habis: 'tamat',
  pay: 'bayar', paid: 'bayar', payment: 'bayar', settle: 'bayar', langsaikan: 'bayar', jelaskan: 'bayar',
  harga: 'harga', price: 'harga', cost: 'harga', costs: 'harga', fee: 'harga', fees: 'harga', yuran: 'harga', kadar: 'harga', rate: 'harga', rates: 'harga', caj: 'harga', charge: 'harga',
  dokumen: 'dokumen', documents: 'dokumen', document: 'dokumen', docs: 'dokumen', syarat: 'syarat', requirements: 'syarat', requirement: 'syarat',
  pegawai: 'officer', officer: 'officer', staff: 'officer', agent: 'officer', ejen: 'officer', operator: 'officer', manusia: 'human', human: 'human', orang: 'human', person: 'human', someone: 'human',
  english: 'english', inggeris: 'english', melayu: 'melayu', malay: 'melayu', bm: 'melayu', bi: 'english', eng: 'english',
  status: 'status', ready: 'siap', siap: 'siap', collect: 'ambil', pickup: 'ambil', ambik: 'ambil',
};

/** Multi-word names of one thing. "Lesen kenderaan motor" (LKM) is road tax, not a driving licence. */
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\blesen\s+kenderaan(?:\s+motor)?\b/g, ' road tax '],
  [/\bmotor\s+vehicle\s+licen[cs]e\b/g, ' road tax '],
  [/\bcukai\s+jalan\b/g, ' road tax '],
  [/\bdriv(?:ing|er'?s?)\s+licen[cs]e\b/g, ' licence memandu '],
  [/\bjanji\s*temu\b|\btemu\s*janji\b/g, ' appointment '],
  [/\bsenarai\s+hitam\b|\bblack\s+list\b/g, ' blacklist '],
  [/\bkeluar\s+negara\b|\bluar\s+negara\b|\bleave\s+the\s+country\b/g, ' luar negara '],
];

/** A word each of PHRASES needs. */
const PHRASE_WORDS = /lesen|motor|cukai|driv|janji|temu|senarai|black|negara|leave/;

const SUFFIXES_MS = ['kanlah', 'nya', 'kan', 'lah', 'kah', 'an'];

/** Light affix folding. Conservative: short words are left alone (jalan, bulan, tahun stay whole). */
export function stem(token: string): string {
  if (token.length < 5 || token.startsWith('z')) return token;
  let t = token;
  for (const suffix of SUFFIXES_MS) {
    if (t.endsWith(suffix) && t.length - suffix.length >= 5) {
      t = t.slice(0, -suffix.length);
      break;
    }
  }
  if (t.startsWith('di') && t.length >= 7) t = t.slice(2);
  // English: plural, -ing, -ed, final e (expired/expire → expir, fines → fin).
  if (t.endsWith('ing') && t.length >= 6) t = t.slice(0, -3);
  else if (t.endsWith('ed') && t.length >= 5) t = t.slice(0, -2);
  else if (t.endsWith('es') && t.length >= 5) t = t.slice(0, -2);
  else if (t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us') && t.length >= 5) t = t.slice(0, -1);
  if (t.endsWith('e') && t.length >= 5) t = t.slice(0, -1);
  return t;
}

/** Lowercased, placeholder-substituted, canonicalised tokens — before stemming (kept for char n-grams). */
export function canonicalTokens(text: string): string[] {
  let t = withoutAccents(text.toLowerCase());
  t = t.replace(/['’]s\b/g, '').replace(/['’]/g, '');
  // Every placeholder shape holds a digit, every phrase one of a few words: most texts need few of them.
  if (/\d/.test(t)) for (const [pattern, placeholder] of PLACEHOLDERS) t = t.replace(pattern, placeholder);
  if (PHRASE_WORDS.test(t)) for (const [pattern, replacement] of PHRASES) t = t.replace(pattern, replacement);
  const out: string[] = [];
  for (const raw of t.split(/[^a-z0-9]+/)) {
    if (!raw) continue;
    for (const part of canonicalWord(raw)) out.push(part);
  }
  return out;
}

/** Words recur across messages: each one's canonical form is remembered (bounded, cleared when full). */
const canonicalOfWord = new Map<string, readonly string[]>();

function canonicalWord(raw: string): readonly string[] {
  let parts = canonicalOfWord.get(raw);
  if (!parts) {
    if (canonicalOfWord.size >= 20_000) canonicalOfWord.clear();
    const squeezed = raw.replace(/(.)\1{2,}/g, '$1$1');
    const mapped = CANONICAL[squeezed] ?? CANONICAL[squeezed.replace(/(.)\1+/g, '$1')] ?? squeezed;
    parts = mapped.split(' ');
    canonicalOfWord.set(raw, parts);
  }
  return parts;
}

export function intentTokens(text: string): string[] {
  return canonicalTokens(text).map(stem);
}
