import type { Bilingual } from '../i18n/lang';

/** 2026-12-05 → 05/12/2026, the way Malaysian forms write dates. */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

/** An ISO timestamp → "05/12/2026 09:30" in Malaysia time (UTC+8, no daylight saving). */
export function formatDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 60 * 60 * 1000).toISOString();
  return `${formatDate(local)} ${local.slice(11, 16)}`;
}

/** Both languages at once, from a function of the language. */
export function both(make: (lang: 'ms' | 'en') => string): Bilingual {
  return { ms: make('ms'), en: make('en') };
}

export function joinBilingual(parts: readonly Bilingual[], separator = '\n'): Bilingual {
  return { ms: parts.map((part) => part.ms).join(separator), en: parts.map((part) => part.en).join(separator) };
}
