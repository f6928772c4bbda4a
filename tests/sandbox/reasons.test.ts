import { describe, expect, it } from 'vitest';
import { explainReason, needsCounter, REASON_CODES, REASONS } from '../../src/agencies/reasons';

describe('refusal reasons', () => {
  it.each(REASON_CODES)('%s explains itself and the way forward in Malay and English', (code) => {
    const info = REASONS[code];
    for (const text of [info.explanation, info.wayForward]) {
      expect(text.ms.length).toBeGreaterThan(20);
      expect(text.en.length).toBeGreaterThan(20);
      expect(text.ms).not.toBe(text.en);
    }
  });

  it('fills the details into the text', () => {
    const info = explainReason({ code: 'SUMMONS_BLACKLIST', summonsIds: ['C1'] });
    expect(info.explanation.ms).toContain('saman C1');
    expect(info.explanation.en).toContain('summons C1');
    expect(explainReason({ code: 'CHILD_PASSPORT', age: 11 }).explanation.en).toContain('11 years old');
  });

  it('says which reasons lead to a counter appointment', () => {
    expect(needsCounter([{ code: 'INSURANCE_EXPIRED' }, { code: 'SUMMONS_BLACKLIST' }])).toBe(false);
    expect(needsCounter([{ code: 'INSPECTION_REQUIRED' }])).toBe(true);
    expect(REASONS.SUMMONS_BLACKLIST.fixableOnline).toBe(true);
  });
});
