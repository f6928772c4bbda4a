/** Small cardinal and ordinal numbers written as words, in Malay and English (informal spellings too). */
const CARDINALS: Readonly<Record<string, number>> = {
  satu: 1, se: 1, one: 1, a: 1, an: 1,
  dua: 2, two: 2,
  tiga: 3, three: 3,
  empat: 4, four: 4,
  lima: 5, five: 5,
  enam: 6, six: 6,
  tujuh: 7, seven: 7,
  lapan: 8, delapan: 8, eight: 8,
  sembilan: 9, nine: 9,
  sepuluh: 10, ten: 10,
  sebelas: 11, eleven: 11,
  twelve: 12,
};

const ORDINALS: Readonly<Record<string, number>> = {
  pertama: 1, first: 1, '1st': 1,
  kedua: 2, second: 2, '2nd': 2,
  ketiga: 3, third: 3, '3rd': 3,
  keempat: 4, fourth: 4, '4th': 4,
  kelima: 5, fifth: 5, '5th': 5,
  keenam: 6, sixth: 6, '6th': 6,
  ketujuh: 7, seventh: 7, '7th': 7,
  kelapan: 8, eighth: 8, '8th': 8,
  kesembilan: 9, ninth: 9, '9th': 9,
  kesepuluh: 10, tenth: 10, '10th': 10,
  akhir: -1, terakhir: -1, last: -1,
};

/** "dua belas" / "12" / "twelve" → 12. Returns undefined when the text is not a small number. */
export function wordToNumber(word: string): number | undefined {
  const w = word.toLowerCase().trim();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  const belas = /^(\w+)\s+belas$/.exec(w);
  if (belas) {
    const unit = CARDINALS[belas[1]];
    return unit !== undefined && unit >= 2 && unit <= 9 ? 10 + unit : undefined;
  }
  return CARDINALS[w];
}

export function ordinalToNumber(word: string): number | undefined {
  return ORDINALS[word.toLowerCase().trim()];
}

/** Regex source matching any cardinal word (longest first so "dua belas" wins over "dua"). */
export const NUMBER_WORD_SOURCE = [
  '\\d{1,3}',
  '(?:dua|tiga|empat|lima|enam|tujuh|lapan|sembilan)\\s+belas',
  ...Object.keys(CARDINALS).filter((w) => w.length > 2).sort((a, b) => b.length - a.length),
  'se',
  'an?',
].join('|');
