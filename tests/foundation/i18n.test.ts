import { describe, expect, it } from 'vitest';
import { catalog, t } from '../../src/i18n/catalog';
import { fill, LANGS } from '../../src/i18n/lang';

describe('message catalogue', () => {
  it.each(Object.keys(catalog))('%s exists, non-empty, in both languages', (key) => {
    const entry = catalog[key as keyof typeof catalog];
    for (const lang of LANGS) expect(entry[lang]?.trim(), `${key}.${lang}`).toBeTruthy();
    // A Malay text identical to the English one is almost always a forgotten translation.
    if (entry.ms.length > 12) expect(entry.ms, key).not.toBe(entry.en);
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, entry] of Object.entries(catalog)) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(entry.ms), key).toEqual(names(entry.en));
    }
  });

  it('fills placeholders', () => {
    expect(t('en', 'welcome.privacy', { privacyUrl: 'https://x/privacy' })).toContain('https://x/privacy');
  });

  it('leaves a placeholder without a value visible, with or without parameters', () => {
    expect(fill('Hello {name}, {missing}', { name: 'Siti' })).toBe('Hello Siti, {missing}');
    expect(fill('Hello {name}')).toBe('Hello {name}');
    expect(fill('RM{amount}', { amount: 0 })).toBe('RM0');
    expect(fill('no placeholder', { name: 'x' })).toBe('no placeholder');
  });
});
