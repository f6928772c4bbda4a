import { describe, expect, it } from 'vitest';
import { createUnderstanding } from '../../src/nlu';

describe('createUnderstanding remembers repeated messages', () => {
  it('reads a repeated message once: the same frozen reading comes back, unchangeable by any caller', () => {
    const nlu = createUnderstanding();
    const first = nlu.understandOffline('12 bulan', { previousLang: 'ms' });
    expect(first.entities.months).toBe(12);
    const again = nlu.understandOffline('  12 bulan ', { previousLang: 'ms' });
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.entities)).toBe(true);
    expect(() => {
      (first.entities as Record<string, unknown>).months = 6;
    }).toThrow(TypeError);
  });

  it('keys by the previous language, so a neutral reply still follows the conversation', () => {
    const nlu = createUnderstanding();
    expect(nlu.understandOffline('ok', { previousLang: 'en' }).lang).toBe('en');
    expect(nlu.understandOffline('ok', { previousLang: 'ms' }).lang).toBe('ms');
  });

  it('keys by the day, so a relative date is read against today', () => {
    const nlu = createUnderstanding();
    const monday = nlu.understandOffline('esok', { today: new Date('2026-11-30T03:00:00Z') });
    const tuesday = nlu.understandOffline('esok', { today: new Date('2026-12-01T03:00:00Z') });
    expect(monday.entities.date).toBe('2026-12-01');
    expect(tuesday.entities.date).toBe('2026-12-02');
  });

  it.each([
    ['a MyKad number', 'ic saya 850412-10-5566'],
    ['an OTP', '482913'],
    ['a phone number', 'nombor saya 012-345 6789'],
    ['a passport number', 'pasport A12345678'],
    ['a plate', 'kereta WXY 1234'],
  ])('does not keep a message holding %s (read afresh each time)', (_what, text) => {
    const nlu = createUnderstanding();
    const first = nlu.understandOffline(text, { previousLang: 'ms' });
    const again = nlu.understandOffline(text, { previousLang: 'ms' });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(Object.isFrozen(first)).toBe(false);
  });
});
