import type { IsoDate } from './rules/dates';

const MYT_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The sandbox's sense of time. With a fixed "today" (SANDBOX_TODAY) the clock starts at 09:00
 * Malaysia time on that day and then runs in real time; tests move it forward with `advance` to see
 * OTPs expire or a passport application progress. Dates are Malaysian (UTC+8) calendar dates.
 */
export class SandboxClock {
  private offsetMs: number;

  constructor(today?: IsoDate) {
    this.offsetMs = today ? Date.parse(`${today}T09:00:00+08:00`) - Date.now() : 0;
    if (Number.isNaN(this.offsetMs)) throw new RangeError(`not a date: ${today}`);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** ISO timestamp in UTC ("2026-11-29T01:00:00.000Z"). */
  iso(ms = this.nowMs()): string {
    return new Date(ms).toISOString();
  }

  today(): IsoDate {
    return new Date(this.nowMs() + MYT_OFFSET_MS).toISOString().slice(0, 10);
  }

  /** Minutes since local (MYT) midnight, for "before 3 pm" style rules. */
  minuteOfDay(ms = this.nowMs()): number {
    const local = new Date(ms + MYT_OFFSET_MS);
    return local.getUTCHours() * 60 + local.getUTCMinutes();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Epoch milliseconds of a Malaysian local date and time, e.g. (2026-11-30, 10, 0). */
export function mytTime(date: IsoDate, hour: number, minute = 0): number {
  return Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
}

/** "2026-11-30T10:00:00+08:00" — the form appointment slots are shown in. */
export function mytIso(ms: number): string {
  const local = new Date(ms + MYT_OFFSET_MS).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
