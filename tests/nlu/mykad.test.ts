import { describe, expect, it } from 'vitest';
import { ASSIGNED_PLACE_OF_BIRTH_CODES, parseMyKad } from '../../src/nlu/entities';

const today = new Date('2026-05-01T00:00:00Z');

describe('parseMyKad', () => {
  it.each([
    ['850412-10-5566', '850412-10-5566', '1985-04-12', 'Selangor', 'female'],
    ['850412105566', '850412-10-5566', '1985-04-12', 'Selangor', 'female'],
    ['850412 10 5566', '850412-10-5566', '1985-04-12', 'Selangor', 'female'],
    ['ic sy 620815-07-5511 ye', '620815-07-5511', '1962-08-15', 'Pulau Pinang', 'male'],
    ['150303-01-1234', '150303-01-1234', '2015-03-03', 'Johor', 'female'],
    ['990101-14-5673', '990101-14-5673', '1999-01-01', 'WP Kuala Lumpur', 'male'],
    ['780920-13-5208', '780920-13-5208', '1978-09-20', 'Sarawak', 'female'],
    ['000229-16-0001', '000229-16-0001', '2000-02-29', 'WP Putrajaya', 'male'],
    ['010101-82-1235', '010101-82-1235', '2001-01-01', 'Negeri Tidak Diketahui', 'male'],
    ['700101-66-1234', '700101-66-1234', '1970-01-01', 'Singapura', 'female'],
  ])('%s → %s', (text, value, birthDate, place, gender) => {
    const result = parseMyKad(text, { today });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mykad.value).toBe(value);
    expect(result.mykad.birthDate).toBe(birthDate);
    expect(result.mykad.placeOfBirth.name.ms).toBe(place);
    expect(result.mykad.gender).toBe(gender);
  });

  it('chooses the century so nobody is born in the future', () => {
    // 26-04-30 is before "today" → 2026; 26-05-02 is after → 1926.
    expect(parseMyKad('260430-10-1111', { today })).toMatchObject({ ok: true, mykad: { birthDate: '2026-04-30' } });
    expect(parseMyKad('260502-10-1111', { today })).toMatchObject({ ok: true, mykad: { birthDate: '1926-05-02' } });
  });

  it.each([
    ['851312-10-5566', 'impossible_date'],
    ['850432-10-5566', 'impossible_date'],
    ['850000-10-5566', 'impossible_date'],
    ['010229-10-5566', 'impossible_date'], // 2001 and 1901 are not leap years
    ['850412-17-5566', 'unknown_place_of_birth'],
    ['850412-00-5566', 'unknown_place_of_birth'],
    ['850412-70-5566', 'unknown_place_of_birth'],
    ['850412-73-5566', 'unknown_place_of_birth'],
    ['850412-80-5566', 'unknown_place_of_birth'],
    ['850412-94-5566', 'unknown_place_of_birth'],
    ['8504121055', 'bad_length'],
    ['85041210556677', 'bad_length'],
    ['850412-10-556', 'bad_length'],
    ['tiada nombor di sini', 'not_found'],
    ['0123456789', 'not_found'], // a phone, not a broken MyKad
  ])('%s → %s', (text, reason) => {
    expect(parseMyKad(text, { today })).toEqual({ ok: false, reason });
  });

  it('holds exactly the JPN list of place-of-birth codes (facts C1)', () => {
    const unassigned = ['00', '17', '18', '19', '20', '69', '70', '73', '80', '81', '94', '95', '96', '97'];
    for (const code of unassigned) expect(ASSIGNED_PLACE_OF_BIRTH_CODES).not.toContain(code);
    const all = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
    expect(ASSIGNED_PLACE_OF_BIRTH_CODES).toEqual(all.filter((c) => !unassigned.includes(c)));
  });
});
