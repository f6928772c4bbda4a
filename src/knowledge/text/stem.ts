/**
 * A light stemmer for Malay and English, applied the same way to documents and questions.
 * It does not need to be linguistically perfect — only consistent — so that "pembaharuan",
 * "memperbaharui" and "diperbaharui" meet at one term, and "licences" meets "licence".
 * Words that a prefix rule would wreck (digital, percuma, permit...) are protected.
 */

const PROTECTED = new Set([
  'digital', 'diesel', 'diskaun', 'discount', 'disabled', 'disability', 'disabilities', 'direct', 'director',
  'permit', 'percuma', 'peribadi', 'person', 'personal', 'persons', 'perak', 'perlis', 'pending', 'penalty',
  'penalti', 'pensioner', 'terengganu', 'kenderaan', 'kesihatan', 'berapa', 'period', 'periods', 'percent',
  'peratus', 'perodua', 'pengangkutan', 'kelantan', 'kedah', 'kedutaan', 'member', 'mention', 'mental',
  'menteri', 'media', 'pemandu', 'memandu', 'memory', 'message', 'messages', 'meter', 'members', 'terms',
  'perdana', 'pertama', 'perlu', 'permohonan', 'percubaan', 'perjalanan', 'pasport', 'passport', 'passports',
  'business', 'status', 'bonus', 'campus', 'focus', 'bus', 'plus', 'gas', 'does', 'was', 'has', 'is', 'this',
  'yes', 'process', 'access', 'address', 'class', 'express', 'pass', 'less', 'series', 'news', 'always',
  'sabah', 'sarawak', 'kejara', 'puspakom', 'labuan', 'langkawi', 'pangkor', 'insurans', 'malaysia',
]);

// Longest prefixes first; the nasal prefixes restore the dropped first letter (menyemak → semak).
// Built once: stemming runs for every word of every new question.
const startsWithVowel = /^[aeiou]/;
const PREFIX_RULES: ReadonlyArray<readonly [string, (rest: string) => string]> = [
  ['memper', (r) => r],
  ['diper', (r) => r],
  ['member', (r) => r],
  ['meng', (r) => r],
  ['meny', (r) => 's' + r],
  ['mem', (r) => (startsWithVowel.test(r) ? 'p' + r : r)],
  ['men', (r) => (startsWithVowel.test(r) ? 't' + r : r)],
  ['peng', (r) => r],
  ['peny', (r) => 's' + r],
  ['pem', (r) => (startsWithVowel.test(r) ? 'p' + r : r)],
  ['pen', (r) => (startsWithVowel.test(r) ? 't' + r : r)],
  ['per', (r) => r],
  ['ber', (r) => r],
  ['ter', (r) => r],
  ['di', (r) => r],
];

function stripMalayPrefix(word: string): string {
  for (const [prefix, restore] of PREFIX_RULES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 4) {
      return restore(word.slice(prefix.length));
    }
  }
  return word;
}

function stripSuffix(word: string): string {
  for (const suffix of ['nya', 'lah', 'kah']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  if (word.endsWith('kan') && word.length - 3 >= 4) return word.slice(0, -3);
  if (word.endsWith('ies') && word.length > 5) return word.slice(0, -3) + 'y';
  if (word.endsWith('ing') && word.length - 3 >= 4) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length - 2 >= 4) return word.slice(0, -2);
  if (word.endsWith('an') && word.length >= 6) return word.slice(0, -2);
  if (word.endsWith('i') && word.length >= 7) return word.slice(0, -1);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word) && word.length >= 5) return word.slice(0, -1);
  return word;
}

export function stem(token: string): string {
  if (token.length <= 4 || /\d/.test(token) || PROTECTED.has(token)) return token;
  let word = stripSuffix(token);
  word = stripMalayPrefix(word);
  // A final "e" is dropped so expire/expired and licence/licences meet at one stem.
  if (word.length > 4 && word.endsWith('e')) word = word.slice(0, -1);
  return word;
}
