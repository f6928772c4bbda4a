import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/sandbox/rules/dates';
import { demeritPosition } from '../../src/sandbox/rules/demerit';
import { ringgit } from '../../src/sandbox/rules/money';
import { summonsDue } from '../../src/sandbox/rules/summons';

const today = '2026-06-15';
const summons = (daysAgo: number, compound = 30000, compoundable = true) => ({ id: 'S', offenceDate: addDays(today, -daysAgo), compoundSen: compound, compoundable });

describe('2026 summons schedule (A8)', () => {
  it.each([
    [0, 'EARLY_50', 50, '150.00'],
    [5, 'EARLY_50', 50, '150.00'],
    [15, 'EARLY_50', 50, '150.00'],
    [16, 'EARLY_33', 33, '201.00'],
    [30, 'EARLY_33', 33, '201.00'],
    [31, 'FULL', 0, '300.00'],
    [60, 'FULL', 0, '300.00'],
    [61, 'BLACKLISTED', 0, '300.00'],
    [75, 'BLACKLISTED', 0, '300.00'],
  ] as const)('RM300, %i days after the offence → %s, %i%% off, RM%s due', (days, stage, discount, due) => {
    const result = summonsDue(summons(days), today);
    expect([result.stage, result.discountPercent, ringgit(result.amountDueSen)]).toEqual([stage, discount, due]);
    expect(result.blacklisted).toBe(stage === 'BLACKLISTED');
    expect(result.payableOnline).toBe(true);
  });

  it('rounds the 33% discount to the sen (RM150.25 × 67% = RM100.67)', () => {
    expect(ringgit(summonsDue(summons(20, 15025), today).amountDueSen)).toBe('100.67');
  });
  it('gives no discount and no online payment for a non-compoundable offence', () => {
    const result = summonsDue(summons(3, 30000, false), today);
    expect([result.discountPercent, ringgit(result.amountDueSen), result.payableOnline]).toEqual([0, '300.00', false]);
  });
});

describe('KEJARA ladder (A7)', () => {
  it.each([
    [0, 'CDL', 'NONE', 1, 'WARNING', null],
    [4, 'CDL', 'WARNING', 17, 'SUSPENSION_1', null],
    [20, 'CDL', 'WARNING', 1, 'SUSPENSION_1', null],
    [21, 'CDL', 'SUSPENSION_1', 20, 'SUSPENSION_2', { min: 6, max: 8 }],
    [45, 'CDL', 'SUSPENSION_2', 16, 'SUSPENSION_3', { min: 8, max: 10 }],
    [70, 'CDL', 'SUSPENSION_3', 11, 'SUSPENSION_FURTHER', { min: 10, max: 12 }],
    [95, 'CDL', 'SUSPENSION_FURTHER', null, null, { min: 10, max: 12 }],
    [12, 'PDL', 'WARNING', 8, 'PDL_REVOKED', null],
    [20, 'PDL', 'PDL_REVOKED', null, null, null],
  ] as const)('%i points on a %s → %s', (points, type, stage, toNext, next, months) => {
    expect(demeritPosition(points, type)).toEqual({ points, stage, pointsToNextStage: toNext, nextStage: next, suspensionMonths: months });
  });
});
