import { describe, expect, it } from 'vitest';
import { detectLanguage, detectLanguageSwitch } from '../../src/nlu/language';

describe('detectLanguage', () => {
  it.each([
    ['nak renew roadtax', 'ms'],
    ['nk renew road tax kete sy', 'ms'],
    ['sy x paham', 'ms'],
    ['camne nak bayar saman', 'ms'],
    ['Saya ingin memperbaharui pasport saya', 'ms'],
    ['tukar ke english', 'ms'],
    ['renew my road tax please', 'en'],
    ['how do I check my summons', 'en'],
    ['is my passport ready for collection', 'en'],
    ['check sekatan perjalanan for me', 'en'],
    ['passport status', 'en'],
    // "di" (at, in) is Malay however few words are around it; loanwords then weigh nothing.
    ['roadtax 1800cc di Sarawak', 'ms'],
    ['road tax 1800cc in Sarawak', 'en'],
  ] as const)('%s → %s', (text, lang) => expect(detectLanguage(text).lang).toBe(lang));

  it.each([['ok'], ['12'], ['WXY 1234'], ['850412-10-5566'], ['A12345678'], ['ya'], ['yes'], ['status']])(
    'a one-word or neutral reply "%s" keeps the conversation language',
    (text) => {
      expect(detectLanguage(text, 'en').lang).toBe('en');
      expect(detectLanguage(text, 'ms').lang).toBe('ms');
    },
  );

  it('defaults to Malay when nothing tells', () => expect(detectLanguage('12').lang).toBe('ms'));

  it('a clear sentence changes the language even with a previous one', () => {
    expect(detectLanguage('saya nak semak saman kereta saya', 'en').lang).toBe('ms');
    expect(detectLanguage('I want to check my summons please', 'ms').lang).toBe('en');
  });
});

describe('detectLanguageSwitch', () => {
  it.each([
    ['English please', 'en'], ['in english', 'en'], ['english pls', 'en'], ['BI boleh?', 'en'], ['switch to english', 'en'],
    ['boleh cakap english?', 'en'], ['tukar ke bahasa Melayu', 'ms'], ['cakap melayu', 'ms'], ['bm', 'ms'], ['BM boleh?', 'ms'],
    ['switch to malay', 'ms'], ['saya tak faham english', 'ms'], ['i dont understand malay', 'en'],
  ] as const)('%s → %s', (text, lang) => expect(detectLanguageSwitch(text)).toBe(lang));

  it.each([['renew my licence'], ['hello'], ['nak renew pasport'], ['bahasa']])('%s → no switch', (text) =>
    expect(detectLanguageSwitch(text)).toBeNull(),
  );
});

describe('withoutAccents', () => {
  it('folds accents and leaves plain ASCII as it is', async () => {
    const { withoutAccents } = await import('../../src/nlu/language');
    expect(withoutAccents('pénang café naïve')).toBe('penang cafe naive');
    const ascii = 'nak renew roadtax';
    expect(withoutAccents(ascii)).toBe(ascii);
  });
});
