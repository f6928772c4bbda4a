import { hasAtLeastWords } from './wordCount';

/**
 * Yes / no answers to a question, in both languages and their informal spellings. Only short replies
 * are read as an answer: in a long sentence "x" or "tak" is usually part of something else.
 */
export type YesNo = 'yes' | 'no';

/** Punctuation that separates words in a reply as spacing does. */
const PUNCTUATION = '.!?,;:';
const SEPARATOR = new RegExp(`[\\s${PUNCTUATION}]`);
const PUNCTUATION_RUNS = new RegExp(`[${PUNCTUATION}]+`, 'g');

const NO_PHRASES = [
  'tak nak', 'x nak', 'xnak', 'taknak', 'tak mahu', 'tak mau', 'tak payah', 'x payah', 'tak setuju', 'tak boleh',
  'no thanks', 'no thank you', 'not now', 'no need', "don't", 'do not', 'dont', 'not really',
];
const NO_WORDS = new Set(['tak', 'x', 'tidak', 'tdk', 'tak', 'no', 'nope', 'nah', 'nay', 'jangan', 'jgn', 'bukan', 'xmo', 'taknak', 'xnak', 'salah', 'negative', 'nop']);
const YES_WORDS = new Set([
  'ya', 'ye', 'yaa', 'yer', 'yep', 'yup', 'yes', 'yeah', 'yea', 'ok', 'okay', 'okey', 'oke', 'k', 'kk', 'boleh', 'bole', 'blh',
  'setuju', 'betul', 'benar', 'baik', 'sure', 'confirm', 'confirmed', 'sah', 'teruskan', 'proceed', 'correct', 'right',
  'agree', 'definitely', 'absolutely', 'of', 'course', 'go', 'ahead', 'please', 'pls', 'sila', 'nak', 'mahu', 'haah', 'a\'ah', 'aah', 'yess', 'yesss', 'betui', 'ok2', '👍',
]);
// Words that may accompany a yes/no without changing it ("ya, betul", "ok terima kasih", "yes please").
const FILLER = new Set(['saya', 'sy', 'terima', 'kasih', 'thanks', 'thank', 'you', 'lah', 'la', 'je', 'jer', 'tu', 'itu', 'ini', 'ni', 'dah', 'sudah', 'it', 'is', 'that', 'thats', "that's", 'encik', 'puan', 'tuan', 'sir', 'madam', 'lagi']);

export function parseYesNo(text: string): YesNo | null {
  // More than five words is no answer: counted first, on the text as typed, as the words below are
  // (separated by spaces and .!?,;:) — most messages are questions, and need no lower-casing and replacing.
  if (hasAtLeastWords(text, 6, SEPARATOR)) return null;
  const normalised = text.toLowerCase().replace(PUNCTUATION_RUNS, ' ').replace(/\s+/g, ' ').trim();
  if (!normalised) return null;
  const words = normalised.split(' ');
  if (NO_PHRASES.some((p) => ` ${normalised} `.includes(` ${p} `))) return 'no';
  if (words.some((w) => NO_WORDS.has(w))) {
    // "ok tak?" asks whether something is fine — a question, not an answer.
    return words.length === 2 && YES_WORDS.has(words[0]) && /\?/.test(text) ? null : 'no';
  }
  const meaningful = words.filter((w) => !FILLER.has(w));
  if (meaningful.length > 0 && meaningful.every((w) => YES_WORDS.has(w))) return 'yes';
  return null;
}
