import { isRealDate } from './mykad';

/**
 * Calendar dates a citizen types for an appointment: "15/12/2026", "15-12-26", "15/12", "15 Dis",
 * "15 Disember 2026", "Dec 15", "esok", "lusa", "tomorrow", "hari ini", "isnin depan", "next monday".
 * Returned as ISO YYYY-MM-DD. Days are counted on `today`'s UTC calendar date (the sandbox clock is
 * set as a UTC date too). A day/month without a year is the next such date on or after today.
 */
const MONTHS: ReadonlyArray<[number, readonly string[]]> = [
  [1, ['januari', 'january', 'jan']],
  [2, ['februari', 'february', 'feb', 'febuari']],
  [3, ['mac', 'march', 'mar']],
  [4, ['april', 'apr']],
  [5, ['mei', 'may']],
  [6, ['jun', 'june']],
  [7, ['julai', 'july', 'jul']],
  [8, ['ogos', 'august', 'aug', 'ogo']],
  [9, ['september', 'sept', 'sep']],
  [10, ['oktober', 'october', 'okt', 'oct']],
  [11, ['november', 'nov']],
  [12, ['disember', 'december', 'dis', 'dec', 'des']],
];
const MONTH_BY_NAME = new Map<string, number>(MONTHS.flatMap(([n, names]) => names.map((name) => [name, n] as [string, number])));
const MONTH_SOURCE = [...MONTH_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|');

const WEEKDAYS: ReadonlyArray<[number, readonly string[]]> = [
  [0, ['ahad', 'sunday', 'sun']],
  [1, ['isnin', 'monday', 'mon']],
  [2, ['selasa', 'tuesday', 'tue', 'tues']],
  [3, ['rabu', 'wednesday', 'wed']],
  [4, ['khamis', 'thursday', 'thu', 'thurs']],
  [5, ['jumaat', 'friday', 'fri']],
  [6, ['sabtu', 'saturday', 'sat']],
];
const WEEKDAY_BY_NAME = new Map<string, number>(WEEKDAYS.flatMap(([n, names]) => names.map((name) => [name, n] as [string, number])));
const WEEKDAY_SOURCE = [...WEEKDAY_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|');

const NUMERIC = /(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\d/.-])/;
const DAY_MONTH_NAME = new RegExp(`(?<![\\w])(\\d{1,2})(?:hb|st|nd|rd|th)?\\s*(?:of\\s+)?(${MONTH_SOURCE})\\.?(?:\\s*,?\\s*(\\d{4}))?(?![\\w])`, 'i');
const MONTH_NAME_DAY = new RegExp(`(?<![\\w])(${MONTH_SOURCE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*,?\\s*(\\d{4}))?(?![\\w])`, 'i');
const WEEKDAY = new RegExp(`(?<![\\w])(?:next\\s+|hari\\s+)?(${WEEKDAY_SOURCE})(?![\\w])`, 'i');

const RELATIVE: ReadonlyArray<[RegExp, number]> = [
  [/(?<![\w])(?:lusa|day after tomorrow)(?![\w])/i, 2],
  [/(?<![\w])(?:esok|besok|esk|tomorrow|tmrw|tmr|tomorow)(?![\w])/i, 1],
  [/(?<![\w])(?:hari ini|harini|arini|today|tdy)(?![\w])/i, 0],
  [/(?<![\w])(?:minggu depan|next week)(?![\w])/i, 7],
];

export function parseDate(text: string, today: Date = new Date()): string | null {
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());

  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const resolved = resolve(Number(numeric[1]), Number(numeric[2]), numeric[3], base);
    if (resolved) return resolved;
  }
  const dm = DAY_MONTH_NAME.exec(text);
  if (dm) {
    const resolved = resolve(Number(dm[1]), MONTH_BY_NAME.get(dm[2].toLowerCase())!, dm[3], base);
    if (resolved) return resolved;
  }
  const md = MONTH_NAME_DAY.exec(text);
  if (md) {
    const resolved = resolve(Number(md[2]), MONTH_BY_NAME.get(md[1].toLowerCase())!, md[3], base);
    if (resolved) return resolved;
  }
  const weekday = WEEKDAY.exec(text);
  if (weekday) {
    const target = WEEKDAY_BY_NAME.get(weekday[1].toLowerCase())!;
    const current = new Date(base).getUTCDay();
    const ahead = ((target - current + 7) % 7) || 7; // "Monday" said on a Monday means the next one
    return iso(base + ahead * DAY);
  }
  for (const [pattern, days] of RELATIVE) {
    if (pattern.test(text)) return iso(base + days * DAY);
  }
  return null;
}

const DAY = 24 * 60 * 60 * 1000;

function resolve(day: number, month: number, yearText: string | undefined, base: number): string | null {
  if (yearText !== undefined) {
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    return isRealDate(year, month, day) ? iso(Date.UTC(year, month - 1, day)) : null;
  }
  const thisYear = new Date(base).getUTCFullYear();
  for (const year of [thisYear, thisYear + 1]) {
    if (!isRealDate(year, month, day)) continue;
    const at = Date.UTC(year, month - 1, day);
    if (at >= base) return iso(at);
  }
  return null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
