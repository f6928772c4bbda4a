/** The two languages Khidmat speaks. Malay is the default (DEFAULT_LANGUAGE). */
export const LANGS = ['ms', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A text that exists in both languages — the type makes a one-language string impossible. */
export type Bilingual = Readonly<Record<Lang, string>>;

export function isLang(value: unknown): value is Lang {
  return value === 'ms' || value === 'en';
}

/** Fill `{name}` placeholders. Unknown placeholders are left visible so a missing value is noticed. */
export function fill(template: string, params?: Readonly<Record<string, string | number>>): string {
  // Without parameters, or without a placeholder, there is nothing to replace (most messages, every turn).
  if (params === undefined || !template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function pick(text: Bilingual, lang: Lang, params?: Readonly<Record<string, string | number>>): string {
  return fill(text[lang], params);
}
