/**
 * Calendar dates as ISO strings (YYYY-MM-DD), computed in UTC so a date never shifts with the
 * machine's time zone. Malaysia is UTC+8 with no daylight saving; "today" is decided by the clock.
 */
export type IsoDate = string;

const DAY_MS = 24 * 60 * 60 * 1000;

function toUtc(date: IsoDate): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  return ms;
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Same day and month `years` later; 29 Feb becomes 28 Feb in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return fromUtc(target.getTime());
}

/** Same day `months` later, clamped to the month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtc(target.getTime());
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** Age in completed years on `today`. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * Birth date from the first six digits of a MyKad (YYMMDD). The century is not encoded (the
 * serial-digit heuristic is UNVERIFIED in the facts file), so the latest century that does not put
 * the birth in the future is taken.
 */
export function birthDateFromMyKad(ic: string, today: IsoDate): IsoDate {
  const digits = ic.replace(/\D/g, '');
  const yy = Number(digits.slice(0, 2));
  const mm = digits.slice(2, 4);
  const dd = digits.slice(4, 6);
  const thisYear = Number(today.slice(0, 4));
  let year = Math.floor(thisYear / 100) * 100 + yy;
  if (`${year}-${mm}-${dd}` > today) year -= 100;
  return `${year}-${mm}-${dd}`;
}

/** Monday to Friday. Public holidays and the Friday–Saturday weekend of some states are not modelled. */
export function isWorkingDay(date: IsoDate): boolean {
  const day = new Date(toUtc(date)).getUTCDay();
  return day !== 0 && day !== 6;
}

export function nextWorkingDays(from: IsoDate, count: number, includeFrom = false): IsoDate[] {
  const days: IsoDate[] = [];
  let cursor = includeFrom ? from : addDays(from, 1);
  while (days.length < count) {
    if (isWorkingDay(cursor)) days.push(cursor);
    cursor = addDays(cursor, 1);
  }
  return days;
}
