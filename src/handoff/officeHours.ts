import type { Bilingual } from '../i18n/lang';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], Bilingual> = {
  sun: { ms: 'Ahad', en: 'Sun' },
  mon: { ms: 'Isnin', en: 'Mon' },
  tue: { ms: 'Selasa', en: 'Tue' },
  wed: { ms: 'Rabu', en: 'Wed' },
  thu: { ms: 'Khamis', en: 'Thu' },
  fri: { ms: 'Jumaat', en: 'Fri' },
  sat: { ms: 'Sabtu', en: 'Sat' },
};

export class OfficeHoursError extends Error {}

/**
 * When officers take conversations, e.g. "Mon-Fri 08:00-17:00" (Malaysia time, UTC+8, no daylight
 * saving). Several ranges may be separated by ";" ("Mon-Fri 08:00-17:00; Sat 09:00-13:00").
 */
export class OfficeHours {
  private readonly ranges: Array<{ days: Set<number>; from: number; to: number; text: Bilingual }>;

  constructor(spec: string) {
    this.ranges = spec.split(';').map((part) => {
      const match = /^\s*([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/i.exec(part);
      if (!match) throw new OfficeHoursError(`expected ranges like "Mon-Fri 08:00-17:00", got "${part.trim()}"`);
      const first = DAYS.indexOf(match[1].toLowerCase() as (typeof DAYS)[number]);
      const last = DAYS.indexOf((match[2] ?? match[1]).toLowerCase() as (typeof DAYS)[number]);
      if (first < 0 || last < 0) throw new OfficeHoursError(`unknown day in "${part.trim()}"`);
      const days = new Set<number>();
      for (let day = first; ; day = (day + 1) % 7) {
        days.add(day);
        if (day === last) break;
      }
      const from = Number(match[3]) * 60 + Number(match[4]);
      const to = Number(match[5]) * 60 + Number(match[6]);
      const dayText = (lang: 'ms' | 'en') => (match[2] ? `${DAY_NAMES[DAYS[first]][lang]}–${DAY_NAMES[DAYS[last]][lang]}` : DAY_NAMES[DAYS[first]][lang]);
      const time = `${match[3].padStart(2, '0')}:${match[4]}–${match[5].padStart(2, '0')}:${match[6]}`;
      return { days, from, to, text: { ms: `${dayText('ms')} ${time}`, en: `${dayText('en')} ${time}` } };
    });
  }

  isOpen(at: Date = new Date()): boolean {
    const local = new Date(at.getTime() + 8 * 60 * 60 * 1000);
    const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
    return this.ranges.some((range) => range.days.has(local.getUTCDay()) && minutes >= range.from && minutes < range.to);
  }

  describe(): Bilingual {
    return { ms: this.ranges.map((r) => r.text.ms).join('; '), en: this.ranges.map((r) => r.text.en).join('; ') };
  }
}
