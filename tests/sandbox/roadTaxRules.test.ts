import { describe, expect, it } from 'vitest';
import { ringgit } from '../../src/sandbox/rules/money';
import { isQuote, newRoadTaxValidity, roadTaxQuote, roadTaxRefusals, type BodyType, type Zone } from '../../src/sandbox/rules/roadTax';

// Worked by hand from facts A3 (12 months; 6 months = half, rounded half up to the sen).
const CASES: [Zone, BodyType, number, string, string][] = [
  // Peninsular saloon, every band and its edges
  ['PENINSULAR', 'SALOON', 800, '20.00', '10.00'],
  ['PENINSULAR', 'SALOON', 1000, '20.00', '10.00'],
  ['PENINSULAR', 'SALOON', 1001, '55.00', '27.50'],
  ['PENINSULAR', 'SALOON', 1200, '55.00', '27.50'],
  ['PENINSULAR', 'SALOON', 1332, '70.00', '35.00'],
  ['PENINSULAR', 'SALOON', 1496, '90.00', '45.00'],
  ['PENINSULAR', 'SALOON', 1600, '90.00', '45.00'],
  ['PENINSULAR', 'SALOON', 1601, '200.40', '100.20'],
  ['PENINSULAR', 'SALOON', 1800, '280.00', '140.00'],
  ['PENINSULAR', 'SALOON', 1997, '378.50', '189.25'],
  ['PENINSULAR', 'SALOON', 2000, '380.00', '190.00'],
  ['PENINSULAR', 'SALOON', 2001, '381.00', '190.50'],
  ['PENINSULAR', 'SALOON', 2500, '880.00', '440.00'],
  ['PENINSULAR', 'SALOON', 2501, '882.50', '441.25'],
  ['PENINSULAR', 'SALOON', 3000, '2130.00', '1065.00'],
  ['PENINSULAR', 'SALOON', 3001, '2134.50', '1067.25'],
  ['PENINSULAR', 'SALOON', 5000, '11130.00', '5565.00'],
  // Sabah / Sarawak saloon
  ['SABAH_SARAWAK', 'SALOON', 1000, '20.00', '10.00'],
  ['SABAH_SARAWAK', 'SALOON', 1100, '44.00', '22.00'],
  ['SABAH_SARAWAK', 'SALOON', 1332, '56.00', '28.00'],
  ['SABAH_SARAWAK', 'SALOON', 1498, '72.00', '36.00'],
  ['SABAH_SARAWAK', 'SALOON', 1700, '192.00', '96.00'],
  ['SABAH_SARAWAK', 'SALOON', 1801, '224.25', '112.13'],
  ['SABAH_SARAWAK', 'SALOON', 2000, '274.00', '137.00'],
  ['SABAH_SARAWAK', 'SALOON', 2200, '374.00', '187.00'],
  ['SABAH_SARAWAK', 'SALOON', 2800, '824.00', '412.00'],
  ['SABAH_SARAWAK', 'SALOON', 3001, '1025.35', '512.68'],
  ['SABAH_SARAWAK', 'SALOON', 3500, '1699.00', '849.50'],
  // Peninsular non-saloon (SUV/MPV/pick-up)
  ['PENINSULAR', 'NON_SALOON', 1000, '20.00', '10.00'],
  ['PENINSULAR', 'NON_SALOON', 1150, '85.00', '42.50'],
  ['PENINSULAR', 'NON_SALOON', 1400, '100.00', '50.00'],
  ['PENINSULAR', 'NON_SALOON', 1500, '120.00', '60.00'],
  ['PENINSULAR', 'NON_SALOON', 1700, '330.00', '165.00'],
  ['PENINSULAR', 'NON_SALOON', 1900, '400.00', '200.00'],
  ['PENINSULAR', 'NON_SALOON', 2400, '760.00', '380.00'],
  ['PENINSULAR', 'NON_SALOON', 2800, '1320.00', '660.00'],
  // Sabah / Sarawak non-saloon
  ['SABAH_SARAWAK', 'NON_SALOON', 900, '20.00', '10.00'],
  ['SABAH_SARAWAK', 'NON_SALOON', 1100, '42.50', '21.25'],
  ['SABAH_SARAWAK', 'NON_SALOON', 1300, '50.00', '25.00'],
  ['SABAH_SARAWAK', 'NON_SALOON', 1600, '60.00', '30.00'],
  ['SABAH_SARAWAK', 'NON_SALOON', 1900, '221.00', '110.50'],
  ['SABAH_SARAWAK', 'NON_SALOON', 2100, '287.00', '143.50'],
  ['SABAH_SARAWAK', 'NON_SALOON', 2600, '551.00', '275.50'],
  ['SABAH_SARAWAK', 'NON_SALOON', 3100, '1023.00', '511.50'],
  // Motorcycles
  ['PENINSULAR', 'MOTORCYCLE', 200, '30.00', '15.00'],
  ['PENINSULAR', 'MOTORCYCLE', 250, '50.00', '25.00'],
  ['PENINSULAR', 'MOTORCYCLE', 400, '180.00', '90.00'],
  ['PENINSULAR', 'MOTORCYCLE', 650, '250.00', '125.00'],
  ['PENINSULAR', 'MOTORCYCLE', 1000, '350.00', '175.00'],
  ['SABAH_SARAWAK', 'MOTORCYCLE', 110, '0.00', '0.00'],
  ['SABAH_SARAWAK', 'MOTORCYCLE', 180, '9.00', '4.50'],
  ['SABAH_SARAWAK', 'MOTORCYCLE', 250, '12.00', '6.00'],
  ['SABAH_SARAWAK', 'MOTORCYCLE', 500, '30.00', '15.00'],
  ['SABAH_SARAWAK', 'MOTORCYCLE', 800, '40.00', '20.00'],
  ['SABAH_SARAWAK', 'MOTORCYCLE', 1200, '42.00', '21.00'],
];

describe('road tax fees by zone, body type and engine size', () => {
  it.each(CASES)('%s %s %i cc → RM%s a year, RM%s for 6 months', (zone, bodyType, engineCc, twelve, six) => {
    const annual = roadTaxQuote({ zone, bodyType, engineCc }, 12);
    const half = roadTaxQuote({ zone, bodyType, engineCc }, 6);
    expect(isQuote(annual) && ringgit(annual.amountSen)).toBe(twelve);
    expect(isQuote(half) && ringgit(half.amountSen)).toBe(six);
  });

  it('shows the breakdown of a progressive band (1997 cc Peninsular: RM280 + 197 cc × RM0.50)', () => {
    const q = roadTaxQuote({ zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1997 }, 12);
    expect(isQuote(q) && { base: ringgit(q.baseSen), perCc: ringgit(q.perCcSen), cc: q.ccAboveFloor, band: q.band }).toEqual({
      base: '280.00', perCc: '0.50', cc: 197, band: '1,801–2,000 cc',
    });
  });

  const UNSUPPORTED: [string, Parameters<typeof roadTaxQuote>[0], string][] = [
    ['Labuan (rates unverified)', { zone: 'LABUAN', bodyType: 'SALOON', engineCc: 1500 }, 'ZONE_RATE_UNVERIFIED'],
    ['Langkawi/Pangkor (rates unverified)', { zone: 'LANGKAWI_PANGKOR', bodyType: 'SALOON', engineCc: 1500 }, 'ZONE_RATE_UNVERIFIED'],
    ['Peninsular motorcycle ≤150 cc (RM2 vs free conflict)', { zone: 'PENINSULAR', bodyType: 'MOTORCYCLE', engineCc: 125 }, 'CONFLICTING_SOURCE_RATE'],
    ['Peninsular non-saloon >3,000 cc (no figure)', { zone: 'PENINSULAR', bodyType: 'NON_SALOON', engineCc: 3500 }, 'NO_RATE_IN_SOURCES'],
    ['Sabah/Sarawak non-saloon 1,601–1,800 cc (source inconsistent)', { zone: 'SABAH_SARAWAK', bodyType: 'NON_SALOON', engineCc: 1700 }, 'INCONSISTENT_SOURCE_RATE'],
    ['diesel (surcharge unverified)', { zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1500, fuel: 'DIESEL' }, 'DIESEL_RATE_UNVERIFIED'],
    ['electric (kW rates unverified)', { zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1, fuel: 'ELECTRIC' }, 'EV_RATE_UNVERIFIED'],
    ['company-owned', { zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1500, ownerType: 'COMPANY' }, 'COMPANY_VEHICLE'],
  ];
  it.each(UNSUPPORTED)('%s is not computed online', (_name, vehicle, why) => {
    expect(roadTaxQuote(vehicle, 12)).toEqual({ supported: false, why });
  });
});

describe('road tax eligibility', () => {
  const today = '2026-06-15';
  const car = { plate: 'ABC 1', zone: 'PENINSULAR' as const, bodyType: 'SALOON' as const, engineCc: 1496, roadTaxExpiry: '2026-06-20', insuranceExpiry: '2027-01-01' };

  it('is eligible with valid insurance, no blacklist, recent expiry', () => {
    expect(roadTaxRefusals({ vehicle: car, blacklistingSummonsIds: [], today })).toEqual([]);
  });
  it('refuses with expired insurance (INSURANCE_EXPIRED, with the date)', () => {
    expect(roadTaxRefusals({ vehicle: { ...car, insuranceExpiry: '2026-06-14' }, blacklistingSummonsIds: [], today })).toEqual([
      { code: 'INSURANCE_EXPIRED', insuranceExpiredOn: '2026-06-14' },
    ]);
  });
  it('accepts insurance that expires today', () => {
    expect(roadTaxRefusals({ vehicle: { ...car, insuranceExpiry: today }, blacklistingSummonsIds: [], today })).toEqual([]);
  });
  it('refuses a blacklisted vehicle naming the summons (SUMMONS_BLACKLIST)', () => {
    expect(roadTaxRefusals({ vehicle: car, blacklistingSummonsIds: ['C1'], today })).toEqual([{ code: 'SUMMONS_BLACKLIST', summonsIds: ['C1'] }]);
  });
  it('needs PUSPAKOM once expired more than 3 years, not at exactly 3 years', () => {
    expect(roadTaxRefusals({ vehicle: { ...car, roadTaxExpiry: '2023-06-15' }, blacklistingSummonsIds: [], today })).toEqual([]);
    expect(roadTaxRefusals({ vehicle: { ...car, roadTaxExpiry: '2023-06-14' }, blacklistingSummonsIds: [], today })).toEqual([
      { code: 'INSPECTION_REQUIRED', expiredOn: '2023-06-14' },
    ]);
  });
  it('sends an unsupported rate to the counter (VEHICLE_NOT_SUPPORTED_ONLINE)', () => {
    expect(roadTaxRefusals({ vehicle: { ...car, zone: 'LABUAN' }, blacklistingSummonsIds: [], today })).toEqual([
      { code: 'VEHICLE_NOT_SUPPORTED_ONLINE', why: 'ZONE_RATE_UNVERIFIED' },
    ]);
  });
  it('extends a valid LKM from the day after expiry, and a lapsed one from today', () => {
    expect(newRoadTaxValidity('2026-06-21', today, 12)).toEqual({ validFrom: '2026-06-22', validTo: '2027-06-21' });
    expect(newRoadTaxValidity('2026-06-21', today, 6)).toEqual({ validFrom: '2026-06-22', validTo: '2026-12-21' });
    expect(newRoadTaxValidity('2026-06-05', today, 12)).toEqual({ validFrom: today, validTo: '2027-06-14' });
  });
});
