import { NUMBER_WORD_SOURCE, wordToNumber } from './numberWords';

/**
 * A period of time in months: "12 bulan", "6 bln", "setahun", "six months", "5 tahun", "2 years",
 * "sepuluh tahun", "half a year". `years` is set only when the citizen counted in years (a licence
 * is renewed per year; road tax per 6 or 12 months).
 */
export interface Period {
  months: number;
  years?: number;
}

const YEAR_WORD = '(?:tahun|thn|thun|tahon|years?|yrs?|yr)';
const MONTH_WORD = '(?:bulan|bln|bulanan|months?|mths?|mth|mo)';

const COUNTED = new RegExp(`(?<![\\w])(${NUMBER_WORD_SOURCE})\\s*-?\\s*(${YEAR_WORD}|${MONTH_WORD})(?![\\w])`, 'i');
const JOINED = new RegExp(`(?<![\\w])se(tahun|bulan)(?![\\w])`, 'i');
const IS_YEAR = new RegExp(`^${YEAR_WORD}$`, 'i');
const HALF_YEAR = /(?<![\w])(?:setengah|separuh|half\s+a|half)\s*(?:tahun|year)(?![\w])/i;

export function parsePeriod(text: string): Period | null {
  if (HALF_YEAR.test(text)) return { months: 6 };
  const joined = JOINED.exec(text);
  if (joined) return joined[1].toLowerCase() === 'tahun' ? { months: 12, years: 1 } : { months: 1 };
  const m = COUNTED.exec(text);
  if (!m) return null;
  const count = wordToNumber(m[1].toLowerCase() === 'se' ? 'satu' : m[1]);
  if (count === undefined || count <= 0) return null;
  const unit = m[2].toLowerCase();
  if (IS_YEAR.test(unit)) return { months: count * 12, years: count };
  return { months: count };
}
