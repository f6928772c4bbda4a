import { describe, expect, it } from 'vitest';
import { ringgit } from '../../src/sandbox/rules/money';
import { assessPassportRenewal, type PassportRecord } from '../../src/sandbox/rules/passport';

const today = '2026-06-15';
const good: PassportRecord = { number: 'A1', chip: true, condition: 'GOOD', expiry: '2026-09-01' };
const assess = (birthDate: string, extra: Partial<Parameters<typeof assessPassportRenewal>[0]> = {}) =>
  assessPassportRenewal({ birthDate, passport: good, restrictedBy: [], today, ...extra });

describe('passport fee by category (B1)', () => {
  it.each([
    ['ordinary adult (30)', '1996-01-01', undefined, 'STANDARD', '200.00'],
    ['59 years old', '1967-06-16', undefined, 'STANDARD', '200.00'],
    ['60 years old (senior)', '1966-06-15', undefined, 'SENIOR', '100.00'],
    ['12 years old (child)', '2014-01-01', undefined, 'CHILD', '100.00'],
    ['13 years old', '2013-06-15', undefined, 'STANDARD', '200.00'],
    ['student abroad, 21', '2005-01-01', 'STUDENT_ABROAD', 'STUDENT_ABROAD', '100.00'],
    ['student claim at 22 does not apply', '2004-01-01', 'STUDENT_ABROAD', 'STANDARD', '200.00'],
    ['Hajj pilgrim (not free)', '1980-01-01', 'HAJJ', 'HAJJ', '100.00'],
    ['OKU registered with JKM (free)', '1980-01-01', 'OKU', 'OKU', '0.00'],
  ] as const)('%s → %s RM%s', (_name, birthDate, claimed, category, fee) => {
    const result = assess(birthDate, { claimed });
    expect([result.category, ringgit(result.feeSen)]).toEqual([category, fee]);
  });
});

describe('passport online eligibility (B3, B4, B5)', () => {
  it('13+ with a chip passport in good condition renews online', () => expect(assess('1990-01-01').reasons).toEqual([]));
  it('a 13–17 year old renews online through the guardian', () => {
    const result = assess('2011-01-01');
    expect([result.reasons, result.guardianRequired]).toEqual([[], true]);
  });
  it('a child of 12 or under goes to the counter (CHILD_PASSPORT)', () => expect(assess('2015-03-03').reasons).toEqual([{ code: 'CHILD_PASSPORT', age: 11 }]));
  it('no passport on record is a first application (FIRST_PASSPORT)', () => expect(assess('1999-01-01', { passport: null }).reasons).toEqual([{ code: 'FIRST_PASSPORT' }]));
  it('a passport without a chip goes to the counter (NON_CHIP_PASSPORT)', () =>
    expect(assess('1990-01-01', { passport: { ...good, chip: false } }).reasons).toEqual([{ code: 'NON_CHIP_PASSPORT' }]));
  it.each(['LOST', 'DAMAGED'] as const)('a %s passport goes to the counter (PASSPORT_LOST_OR_DAMAGED)', (condition) =>
    expect(assess('1990-01-01', { passport: { ...good, condition } }).reasons).toEqual([{ code: 'PASSPORT_LOST_OR_DAMAGED' }]));
  it.each(['STUDENT_ABROAD', 'HAJJ', 'OKU'] as const)('a %s concession needs documents at the counter', (claimed) =>
    expect(assess('2005-01-01', { claimed }).reasons).toEqual([{ code: 'CONCESSION_DOCUMENTS_REQUIRED', concession: claimed }]));
  it('a PTPTN travel bar also blocks renewal (PTPTN_BLACKLIST); another agency’s does not', () => {
    expect(assess('1990-01-01', { restrictedBy: ['PTPTN'] }).reasons).toEqual([{ code: 'PTPTN_BLACKLIST' }]);
    expect(assess('1990-01-01', { restrictedBy: ['LHDN'] }).reasons).toEqual([]);
  });
});
