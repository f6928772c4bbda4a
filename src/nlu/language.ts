import type { Lang } from '../i18n/lang';

/**
 * Malay vs English for short chat messages. Off-the-shelf detectors need more text than "nak renew
 * roadtax" gives them, and they cannot tell a Malay sentence full of English loanwords from English.
 * So: weighted word lists (function words weigh most, loanwords Malaysians use in Malay — renew,
 * check, online — weigh little), plus a character-trigram cue for words in neither list. A message with
 * too little evidence (a one-word "ok", "12", a plate, a MyKad) keeps the conversation's language.
 */

// Weight 3: unmistakable function words; 2: common words; 1: content words also seen as loans.
const MALAY: Readonly<Record<string, number>> = weights({
  3: 'di saya sy sye aku nak nk hendak mahu tak tidak tiada takde xde xnak taknak dah sudah belum blum yang yg untuk utk dengan dgn boleh bole blh tolong tlg macam mcm camne cmne camana macamana bagaimana berapa brp brape bape kenapa mengapa apakah adakah bilakah dimana ke ker kat dekat dkt ni ini itu tu je jer sahaja saja pun lah la kah tau tahu faham paham ckp cakap terima kasih selamat sila mohon ingin perlu kena nanti lagi dulu jugak juga sekarang skrg sbb sebab kalau jika atau dan pada dari daripada kepada bila mana apa siapa ada tgk tengok',
  2: 'kereta kete keta kenderaan cukai jalan lesen memandu semak bayar tamat tempoh perbaharui pembaharuan memperbaharui sambung baru lama bulan bln tahun thn setahun enam sepuluh lima dua tiga hari esok semalam minggu depan lepas anak mak ayah emak bapa pergi ambil siap pasport saman mata sekatan perjalanan luar negara temujanji tempah kaunter pegawai orang nombor plat motosikal warga emas kanak harga yuran kadar dokumen sebelum selepas dalam talian betul salah batal kembali padam bantuan hilang rosak banyak sikit sedikit semua nama alamat telefon dia mereka kami kita awak anda korang beli murah mahal masih dapat buat dibuat pejabat cawangan imigresen janji temu baik hai helo assalamualaikum salam pagi petang malam khabar bahasa melayu inggeris tukar guna balas bukan jangan jgn ya ye setuju diri sendiri permohonan semakan demerit perlukan bantu tanya soalan hutang disekat digantung tertunggak senarai hitam syarat kali pertama kedua boleh ke macammana bagi cuba kat sini situ sana mcmne',
  1: 'kejara jpj jim lhdn ptptn',
});

const ENGLISH: Readonly<Record<string, number>> = weights({
  3: 'i my me mine the is are am was were do does did to of for in on at with by from this that what how when where why who which can could would should will want wanna need please pls plz have has had and or not you your it its there any some much many if be been before after about just also only now than then them they we our us he she his her thanks thank hello hey hi',
  2: 'car licence license driving tax road passport summons summon fine fines points point travel book booking appointment expired expire expiring expires month months year years six twelve one two five ten tomorrow today next week last child mother father collect ready still already new old get give make let talk speak person human officer renewal renewing help check pay paid owe status application apply allowed leave country abroad overseas blacklisted restriction restricted ban banned counter branch slot office immigration documents document fee fees cost price much rate cheaper requirements lost damaged stolen free discount language english change switch reply morning afternoon evening good day bye yes no nope okay sure right wrong cancel back menu data delete show see view know tell go going come am renew online vehicle motorcycle bike number plate record suspended suspension demerit ready done processed approved',
  1: '',
});

// Loanwords Malaysians mix into Malay: evidence for English only when nothing Malay is around.
const LOANWORDS = new Set(['renew', 'roadtax', 'road', 'tax', 'rodtax', 'lesen', 'check', 'online', 'status', 'book', 'slot', 'appointment', 'passport', 'license', 'licence', 'summon', 'summons', 'blacklist', 'ic', 'apply', 'settle', 'collect', 'ready', 'expired', 'expire', 'point', 'travel', 'booking', 'appt', 'bm', 'bi', 'english', 'driving', 'kejara', 'mykad', 'sticker', 'insurance', 'insurans', 'online', 'update', 'track', 'file', 'form']);
const LOAN_WEIGHT = 0.4;

function weights(groups: Record<number, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [w, words] of Object.entries(groups)) {
    for (const word of words.split(/\s+/).filter(Boolean)) out[word] = Math.max(out[word] ?? 0, Number(w));
  }
  return out;
}

// Character trigrams typical of each language's spelling (affixes, clusters) for unknown words.
const MS_TRIGRAMS = ['men', 'mem', 'meng', 'kan', 'nya', 'ber', 'ter', 'per', 'ang', 'ung', 'ing', 'aan', 'an_', 'ah_', 'kah', 'uk_', 'ak_', 'at_', 'ai_', 'au_', 'ny', 'ngg', '_di', '_ke', '_se', 'ama', 'aha', 'era', 'uan', 'lah'];
const EN_TRIGRAMS = ['the', 'th', 'ing_', 'ed_', 'tion', 'ck', 'sh', 'wh', 'ly_', 'ee', 'oo', 'ou', 'ea', 'ght', 'ph', 'ss_', 'ies', 'ment', 'ness', 'ow_', 'er_', 'es_', 'y_', 'ea', 'ai', 'qu', 'v', 'z', 'x'];

function ngramCue(word: string): number {
  if (word.length < 4) return 0;
  const padded = `_${word}_`;
  let ms = 0;
  let en = 0;
  for (const g of MS_TRIGRAMS) if (padded.includes(g)) ms += 1;
  for (const g of EN_TRIGRAMS) if (padded.includes(g)) en += 1;
  // Shared suffix "ing" counts for both; the net stays small on purpose: this is a tie-breaker.
  return Math.max(-1, Math.min(1, (ms - en) * 0.35));
}

// Replies that both languages use alike.
const NEUTRAL_WORDS = new Set(['ok', 'okay', 'okey', 'oke', 'k', 'kk', 'cc', 'ic', 'jpj', 'jim', 'myjpj', 'fpx']);

// Identifiers and numbers say nothing about the language.
const NEUTRAL_SHAPES: readonly RegExp[] = [
  /(?<![\d+])\d{6}[\s-]?\d{2}[\s-]?\d{4}(?!\d)/g, // MyKad
  /(?<![A-Za-z0-9])[A-Za-z]\s?\d{8}(?!\d)/g, // passport
  /(?<![A-Za-z0-9])[A-HJ-NP-Za-hj-np-z]{1,3}\s?[1-9]\d{0,3}(?:\s?[A-HJ-NP-Za-hj-np-z])?(?![A-Za-z0-9])/g, // plate
  /(?<![A-Za-z])rm\s?[\d.,]+/gi, // amount
  /[+\d][\d\s/.:-]*/g, // phone, date, numbers
];

export interface LanguageGuess {
  lang: Lang;
  confidence: number;
}

export function tokensForLanguage(text: string): string[] {
  let stripped = text;
  // Every neutral shape holds a digit: a text without one has none of them.
  if (/\d/.test(stripped)) for (const shape of NEUTRAL_SHAPES) stripped = stripped.replace(shape, ' ');
  return withoutAccents(stripped.toLowerCase())
    .split(/[^a-z']+/)
    .map((w) => w.replace(/'/g, ''))
    .filter((w) => w.length > 0);
}

/** What one word says about the language, whatever the sentence around it (remembered per word). */
interface WordCue {
  neutral: boolean;
  ms: number;
  en: number;
  loan: boolean;
  /** The contribution when neither list knows the word: "x" (tak), else the trigram cue. */
  unknownCue: number;
  /** A Malay function word that is not also English. */
  malayFunctionWord: boolean;
}
/** Words recur across messages: bounded, cleared when full. */
const cueOfToken = new Map<string, WordCue>();

function wordCue(raw: string): WordCue {
  let cue = cueOfToken.get(raw);
  if (!cue) {
    if (cueOfToken.size >= 20_000) cueOfToken.clear();
    const token = raw.replace(/(.)\1{2,}/g, '$1$1');
    const ms = MALAY[token] ?? 0;
    const en = ENGLISH[token] ?? 0;
    cue = {
      neutral: NEUTRAL_WORDS.has(token),
      ms,
      en,
      loan: LOANWORDS.has(token),
      unknownCue: token === 'x' ? 1.5 : ngramCue(token),
      // As the raw token, not the squeezed one: the sentence-level check always read it that way.
      malayFunctionWord: (MALAY[raw] ?? 0) >= 3 && !(ENGLISH[raw] ?? 0),
    };
    cueOfToken.set(raw, cue);
  }
  return cue;
}

/** Positive → Malay, negative → English, plus how many tokens carried evidence. */
export function languageScore(text: string): { score: number; evidence: number; strongest: number } {
  const cues = tokensForLanguage(text).map(wordCue);
  const hasMalayFunctionWord = cues.some((cue) => cue.malayFunctionWord);
  let score = 0;
  let evidence = 0;
  let strongest = 0;
  for (const { neutral, ms, en: english, loan, unknownCue } of cues) {
    if (neutral) continue;
    let en = english;
    if (loan) en = hasMalayFunctionWord ? 0 : Math.min(en || 1, 1) * LOAN_WEIGHT * 2.5;
    let contribution = ms - en;
    if (ms === 0 && en === 0) contribution = unknownCue;
    if (contribution !== 0) evidence += 1;
    strongest = Math.max(strongest, Math.abs(contribution));
    score += contribution;
  }
  return { score, evidence, strongest };
}

/**
 * Detect the language of a short message. With `previous` (the conversation's language), a message
 * that carries little evidence keeps it; without it, the best guess is returned (ties → 'ms').
 */
export function detectLanguage(text: string, previous?: Lang): LanguageGuess {
  const { score, evidence, strongest } = languageScore(text);
  const fallback: Lang = previous ?? 'ms';
  if (evidence === 0 || score === 0) return { lang: fallback, confidence: 0.5 };
  const guess: Lang = score > 0 ? 'ms' : 'en';
  const confidence = Math.min(0.99, 0.5 + Math.abs(score) / (2 * (Math.abs(score) + 1.5)) + Math.min(evidence, 5) * 0.04);
  if (previous && guess !== previous) {
    // One weak word ("ok", "ya", "status") does not flip a conversation; a clear sentence does.
    const clear = Math.abs(score) >= 2.5 || (evidence >= 2 && Math.abs(score) >= 2 && strongest >= 2);
    if (!clear) return { lang: previous, confidence: 0.5 };
  }
  return { lang: guess, confidence: Number(confidence.toFixed(3)) };
}

const EN = '(?:english|inggeris|inggris|bahasa inggeris|bi|eng|engl)';
const MS = '(?:melayu|malay|bahasa melayu|bahasa malaysia|bahasa|bm|malaysia)';
const SWITCH_ASKS = '(?:tukar|tukarkan|ubah|guna|gunakan|cakap|ckp|bercakap|balas|jawab|reply|speak|switch|change|use|in|dalam|ke|to|into|boleh|bole|blh|can you|could you|please|pls|plz|sila|nak|nk|saya nak|sy nak|i prefer|prefer|language|bahasa|lang|set)';
const NAMES_A_LANGUAGE = /english|inggeris|inggris|\bbi\b|\beng|melayu|malay|bahasa|\bbm\b/;
const switchPattern = (lang: string) => new RegExp(`^(?:${SWITCH_ASKS} )*${lang}(?: (?:please|pls|plz|boleh|bole|blh|je|jer|sahaja|saja|only|language|lah|la|ok|okay|can|tolong|sahaja|boleh tak|boleh x|ke))*$`);
const SWITCH_TO_EN = switchPattern(EN);
const SWITCH_TO_MS = switchPattern(MS);

/**
 * An explicit request to change language ("English please", "in english", "tukar ke bahasa Melayu",
 * "cakap melayu", "bm", "BI boleh?"). Returns the language asked for, or null.
 */
export function detectLanguageSwitch(text: string): Lang | null {
  const lower = text.toLowerCase();
  // Every request below names a language: most messages need none of the patterns.
  if (!NAMES_A_LANGUAGE.test(lower)) return null;
  const t = lower
    .replace(/[!?.,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t || t.split(' ').length > 9) return null;
  if (SWITCH_TO_EN.test(t)) return 'en';
  if (SWITCH_TO_MS.test(t) && !/^(?:bahasa|language|lang)$/.test(t)) return 'ms';
  if (/\b(?:tukar|tukarkan|ubah|switch|change|guna|speak|cakap|ckp|reply|balas|jawab|use|continue)\b/.test(t)) {
    if (/\b(?:english|inggeris|bi)\b/.test(t)) return 'en';
    if (/\b(?:melayu|malay|bm|bahasa malaysia)\b/.test(t)) return 'ms';
  }
  if (/\b(?:tak|x|tidak|dont|don't|do not|cannot|cant|tak berapa) (?:faham|paham|understand|speak|reti|pandai) (?:bahasa )?(?:english|inggeris|bi)\b/.test(t)) return 'ms';
  if (/\b(?:tak|x|tidak|dont|don't|do not|cannot|cant) (?:faham|paham|understand|speak) (?:bahasa )?(?:melayu|malay|bm)\b/.test(t)) return 'en';
  return null;
}

/** Accents folded (é → e); ASCII text, nearly every message, is returned as it is. */
export function withoutAccents(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
}
