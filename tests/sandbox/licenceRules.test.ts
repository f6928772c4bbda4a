import { describe, expect, it } from 'vitest';
import { licenceQuote, licenceRefusals, type LicenceRecord } from '../../src/sandbox/rules/licence';
import { ringgit } from '../../src/sandbox/rules/money';

const today = '2026-06-15';
const cdl = (over: Partial<LicenceRecord> = {}): LicenceRecord => ({ type: 'CDL', licenceClass: 'D', expiry: '2026-07-30', restrictions: [], ...over });
const refusals = (licence: LicenceRecord, extra: { citizen?: boolean; blacklist?: string[] } = {}) =>
  licenceRefusals({ licence, citizen: extra.citizen ?? true, blacklistingSummonsIds: extra.blacklist ?? [], today });

describe('driving licence fee (A5)', () => {
  it.each([
    ['D', 1, '30.00'], ['D', 2, '60.00'], ['D', 5, '150.00'], ['D', 9, '270.00'], ['D', 10, '270.00'],
    ['B2', 1, '20.00'], ['B2', 3, '60.00'], ['B', 10, '180.00'], ['C', 2, '40.00'],
    ['A', 1, '2.00'], ['A1', 5, '10.00'], ['E', 1, '30.00'], ['H', 4, '120.00'],
  ] as const)('class %s for %i year(s) → RM%s', (licenceClass, years, amount) => {
    expect(ringgit(licenceQuote(cdl({ licenceClass }), years, today)!.amountSen)).toBe(amount);
  });

  it('gives the 10th year free (RM30 discount on class D)', () => {
    const q = licenceQuote(cdl(), 10, today)!;
    expect([ringgit(q.yearlySen), ringgit(q.discountSen), ringgit(q.amountSen)]).toEqual(['30.00', '30.00', '270.00']);
  });
  it('runs on from the current expiry, or from today when lapsed', () => {
    expect(licenceQuote(cdl(), 1, today)!.newExpiry).toBe('2027-07-30');
    expect(licenceQuote(cdl({ expiry: '2026-01-10' }), 2, today)!.newExpiry).toBe('2028-06-15');
  });
  it('offers only 1 to 10 years', () => {
    expect(licenceQuote(cdl(), 0, today)).toBeNull();
    expect(licenceQuote(cdl(), 11, today)).toBeNull();
  });
});

describe('driving licence refusals', () => {
  it('a valid CDL class D renews online', () => expect(refusals(cdl())).toEqual([]));
  it('a CDL expired within 3 years still renews online', () => expect(refusals(cdl({ expiry: '2023-06-15' }))).toEqual([]));
  it('a CDL expired more than 3 years is void (LICENCE_VOID)', () =>
    expect(refusals(cdl({ expiry: '2023-06-14' }))).toEqual([{ code: 'LICENCE_VOID', licenceType: 'CDL', expiredOn: '2023-06-14' }]));
  it('a PDL goes to the counter (PROBATIONARY_LICENCE)', () =>
    expect(refusals(cdl({ type: 'PDL' }))).toEqual([{ code: 'PROBATIONARY_LICENCE', licenceType: 'PDL' }]));
  it('a PDL expired more than 1 year is void', () =>
    expect(refusals(cdl({ type: 'PDL', expiry: '2025-06-14' }))).toEqual([{ code: 'LICENCE_VOID', licenceType: 'PDL', expiredOn: '2025-06-14' }]));
  it.each(['GDL', 'PSV'] as const)('a vocational %s licence goes to the counter (VOCATIONAL_LICENCE)', (type) =>
    expect(refusals(cdl({ type }))).toEqual([{ code: 'VOCATIONAL_LICENCE', licenceType: type }]));
  it('a restriction refuses (LICENCE_RESTRICTED, naming it)', () =>
    expect(refusals(cdl({ restrictions: ['SUSPENDED'] }))).toEqual([{ code: 'LICENCE_RESTRICTED', restriction: 'SUSPENDED' }]));
  it('a summons blacklist refuses (SUMMONS_BLACKLIST)', () =>
    expect(refusals(cdl(), { blacklist: ['X9'] })).toEqual([{ code: 'SUMMONS_BLACKLIST', summonsIds: ['X9'] }]));
  it('a non-citizen is not served online (NOT_ELIGIBLE_ONLINE)', () =>
    expect(refusals(cdl(), { citizen: false })).toEqual([{ code: 'NOT_ELIGIBLE_ONLINE', why: 'NOT_A_CITIZEN' }]));
  it('a class with no listed fee is not served online', () =>
    expect(refusals(cdl({ licenceClass: 'DA' }))).toEqual([{ code: 'NOT_ELIGIBLE_ONLINE', why: 'CLASS_FEE_NOT_LISTED', licenceClass: 'DA' }]));
});
