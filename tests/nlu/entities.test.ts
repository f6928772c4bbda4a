import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extractAll,
  extractCommand,
  parseAmount,
  parseChoice,
  parseDate,
  parsePassportNumber,
  parsePeriod,
  parsePhone,
  parsePlate,
  parseYesNo,
} from '../../src/nlu/entities';
import { parseMyKad } from '../../src/nlu/entities/mykad';
import { trainingExamples } from '../../src/nlu/trainingData';

const today = new Date('2026-05-01T00:00:00Z'); // a Friday

describe('parsePlate', () => {
  it.each([
    ['WXY 1234', 'WXY 1234', 'kuala_lumpur'],
    ['wxy1234', 'WXY 1234', 'kuala_lumpur'],
    ['renew roadtax pke 8812 pls', 'PKE 8812', 'peninsular'],
    ['BKL-2231', 'BKL 2231', 'peninsular'],
    ['QAA 1234', 'QAA 1234', 'sarawak'],
    ['qab5678', 'QAB 5678', 'sarawak'],
    ['SAB 1234 A', 'SAB 1234 A', 'sabah'],
    ['W 1 A', 'W 1 A', 'kuala_lumpur'],
    ['WAA 12 B', 'WAA 12 B', 'kuala_lumpur'],
    ['KV 4567 B', 'KV 4567 B', 'langkawi'],
    ['HWA 123', 'HWA 123', 'taxi'],
    ['VBC 88', 'VBC 88', 'kuala_lumpur'],
    ['FA 1', 'FA 1', 'putrajaya'],
    ['L 77', 'L 77', 'labuan'],
    ['PUTRAJAYA 88', 'PUTRAJAYA 88', 'special'],
    ['plat: PERODUA 8', 'PERODUA 8', 'special'],
  ])('%s → %s', (text, value, region) => {
    expect(parsePlate(text)).toMatchObject({ value, region });
  });

  it.each([
    ['IOA 1234'], // I and O are never used
    ['WXY 0123'], // no leading zero
    ['WXY 12345'],
    ['bayar RM 30'],
    ['lesen kelas B2'],
    ['pergi ke 3 kaunter'],
    ['15 Dis'],
    ['PERODUA 8'], // an unknown vanity word needs a label
    ['EAB 1234'], // E is not a current prefix
  ])('%s → no plate', (text) => {
    expect(parsePlate(text)).toBeNull();
  });
});

describe('plates and MyKads side by side', () => {
  it('a labelled plate is not cut short by a long word before it', () => {
    expect(parsePlate('salah, nombor plat sebenarnya QAB 5678')?.value).toBe('QAB 5678');
  });
  it('a MyKad right after a plate number is still a MyKad, and the plate is still a plate', () => {
    const found = extractAll('renew roadtax WXY 1234 850412-10-5566');
    expect(found.mykad?.value).toBe('850412-10-5566');
    expect(found.plate?.value).toBe('WXY 1234');
  });
});

describe('parsePassportNumber', () => {
  it.each([
    ['A12345678', 'A12345678'],
    ['pasport a12345678', 'A12345678'],
    ['H 87654321', 'H87654321'],
    ['A1234567', null],
    ['A123456789', null],
    ['850412105566', null],
  ])('%s → %s', (text, expected) => expect(parsePassportNumber(text)).toBe(expected));
});

describe('parsePhone', () => {
  it.each([
    ['0123456789', '+60123456789'],
    ['012-345 6789', '+60123456789'],
    ['+60 12-345 6789', '+60123456789'],
    ['60123456789', '+60123456789'],
    ['011-2345 6789', '+601123456789'],
    ['03-2345 6789', '+60323456789'],
    ['04-234 5678', '+6042345678'],
    ['012345', null],
    ['850412-10-5566', null],
  ])('%s → %s', (text, expected) => expect(parsePhone(text)).toBe(expected));
});

describe('parsePeriod', () => {
  it.each([
    ['12 bulan', 12, undefined],
    ['6 bln', 6, undefined],
    ['setahun', 12, 1],
    ['six months', 6, undefined],
    ['5 tahun', 60, 5],
    ['2 years', 24, 2],
    ['sepuluh tahun', 120, 10],
    ['dua belas bulan', 12, undefined],
    ['a year', 12, 1],
    ['enam bulan', 6, undefined],
    ['3 thn', 36, 3],
    ['half a year', 6, undefined],
  ])('%s → %d months', (text, months, years) => {
    expect(parsePeriod(text)).toEqual(years === undefined ? { months } : { months, years });
  });
  it('finds nothing in text without a period', () => expect(parsePeriod('renew roadtax')).toBeNull());
});

describe('parseYesNo', () => {
  it.each([
    ['ya', 'yes'], ['ye', 'yes'], ['yup', 'yes'], ['boleh', 'yes'], ['ok', 'yes'], ['setuju', 'yes'], ['betul', 'yes'],
    ['Ya, betul', 'yes'], ['yes please', 'yes'], ['ok terima kasih', 'yes'],
    ['tak nak', 'no'], ['x', 'no'], ['tidak', 'no'], ['no thanks', 'no'], ['nope', 'no'], ['jangan', 'no'], ['xnak', 'no'], ['tak boleh', 'no'],
    ['renew roadtax', null], ['nak renew roadtax kereta saya yang dah tamat', null],
    // Words are counted as split at spaces and punctuation: stray marks are not words, glued words are two.
    ['ok , ya ! ! ! !', 'yes'], ['ya ... betul !!! terima kasih', 'yes'], ['ya,betul,ok,ok,ok,ok', null], ['ya betul ok ok ok', 'yes'],
  ] as const)('%s → %s', (text, expected) => expect(parseYesNo(text)).toBe(expected));
});

describe('parseChoice', () => {
  const offices = [
    { id: 'jim-putrajaya', labels: ['JIM Putrajaya', 'Putrajaya'] },
    { id: 'jim-shah-alam', labels: ['JIM Shah Alam', 'Shah Alam'] },
    { id: 'jpj-wangsa-maju', labels: ['JPJ Wangsa Maju', 'Wangsa Maju'] },
  ];
  it.each([
    ['2', 'jim-shah-alam'],
    ['no. 3', 'jpj-wangsa-maju'],
    ['pilihan kedua', 'jim-shah-alam'],
    ['the first one', 'jim-putrajaya'],
    ['yang terakhir', 'jpj-wangsa-maju'],
    ['shah alam', 'jim-shah-alam'],
    ['sy nak ambil kat Putrajaya', 'jim-putrajaya'],
    ['wangsa maju la', 'jpj-wangsa-maju'],
  ])('%s → %s', (text, id) => expect(parseChoice(text, offices)?.id).toBe(id));
  it.each([['4'], ['ipoh'], ['']])('%s → nothing', (text) => expect(parseChoice(text, offices)).toBeNull());
  it('takes plain strings as options', () => expect(parseChoice('12 bulan', ['6 bulan', '12 bulan'])).toEqual({ index: 1, id: '12 bulan' }));
});

describe('parseAmount', () => {
  it.each([
    ['RM 30', 3000], ['rm30.50', 3050], ['RM1,234.5', 123450], ['bayar RM90', 9000], ['30 ringgit', 3000], ['RM 0.10', 10],
  ])('%s → %d sen', (text, sen) => expect(parseAmount(text)).toEqual({ sen }));
  it('needs a currency', () => expect(parseAmount('30')).toBeNull());
});

describe('parseDate', () => {
  it.each([
    ['15/12/2026', '2026-12-15'],
    ['15-12-26', '2026-12-15'],
    ['15/12', '2026-12-15'],
    ['esok', '2026-05-02'],
    ['tomorrow', '2026-05-02'],
    ['lusa', '2026-05-03'],
    ['hari ini', '2026-05-01'],
    ['15 Dis', '2026-12-15'],
    ['15 Disember 2027', '2027-12-15'],
    ['Dec 15', '2026-12-15'],
    ['3 Mac', '2027-03-03'], // already past this year → next year
    ['isnin depan', '2026-05-04'],
    ['next friday', '2026-05-08'],
  ])('%s → %s', (text, iso) => expect(parseDate(text, today)).toBe(iso));
  it.each([['31/02/2026'], ['32/1'], ['renew roadtax']])('%s → no date', (text) => expect(parseDate(text, today)).toBeNull());
});

describe('extractCommand', () => {
  it.each([
    ['batal', 'cancel'], ['cancel', 'cancel'], ['nak batal', 'cancel'], ['Cancel please', 'cancel'],
    ['menu', 'menu'], ['menu utama', 'menu'], ['back to menu', 'menu'],
    ['kembali', 'back'], ['go back', 'back'],
    ['mula semula', 'restart'], ['start over', 'restart'],
    ['padam data saya', 'delete_data'], ['delete my data', 'delete_data'], ['tolong padamkan data saya', 'delete_data'],
    ['data saya', 'show_data'], ['my data', 'show_data'], ['show my data', 'show_data'],
    ['tolong', 'help'], ['help', 'help'], ['bantuan', 'help'],
    ['tolong renew roadtax', null], ['penerbangan saya dibatalkan semalam, boleh tuntut?', null], ['nak semak saman', null],
    // Seven words at most, counted as split at spaces and !.,;:"' — punctuation alone is no word.
    ['ok, saya nak: batal; sekarang je lah', 'cancel'], ['ok , saya nak : batal ; sekarang je lah !!', 'cancel'],
    ['ok, saya nak: batal; sekarang je lah please', null], ['ok,saya,nak,batal,sekarang,je,lah,please', null],
  ] as const)('%s → %s', (text, command) => expect(extractCommand(text)).toBe(command));
});

describe('extractAll', () => {
  it('reads every detail of a one-sentence request', () => {
    const entities = extractAll('renew road tax WXY1234 12 bulan, IC 850412-10-5566', { today });
    expect(entities.plate?.value).toBe('WXY 1234');
    expect(entities.mykad?.value).toBe('850412-10-5566');
    expect(entities.months).toBe(12);
    expect(entities.date).toBeUndefined();
    expect(entities.phone).toBeUndefined();
  });
  it('reports a MyKad that fails the local check', () => {
    expect(extractAll('ic saya 850412-17-5566', { today })).toMatchObject({ mykadInvalid: 'unknown_place_of_birth' });
  });
  it('does not read MyKad digits as a phone, date or plate', () => {
    const entities = extractAll('620815075511', { today });
    expect(Object.keys(entities)).toEqual(['mykad']);
  });
  it('picks up passport, phone, amount and date together', () => {
    const entities = extractAll('pasport A12345678, tel 012-345 6789, bayar RM200 pada 15/12/2026', { today });
    expect(entities).toMatchObject({ passport: 'A12345678', phone: '+60123456789', amount: { sen: 20000 }, date: '2026-12-15' });
  });
  it('reads a short answer as yes/no', () => {
    expect(extractAll('ya', { today }).yesNo).toBe('yes');
    expect(extractAll('tak nak', { today }).yesNo).toBe('no');
  });
  it('finds no identifier, amount or plate in a text without a digit (so it skips looking there)', () => {
    const texts = [
      ...trainingExamples().map(({ text }) => text),
      ...readFileSync(join(__dirname, '../knowledge/eval/questions.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { question: string }).question),
      'plat PUTRAJAYA', 'ic saya lapan lima kosong', 'nombor telefon kosong satu dua', 'RM seratus', 'passport A', 'WXY',
    ].filter((text) => !/\d/.test(text));
    expect(texts.length).toBeGreaterThan(500);
    for (const text of texts) {
      const mykad = parseMyKad(text, { today });
      expect(mykad.ok ? 'a MyKad' : mykad.reason, text).toBe('not_found');
      expect(parsePassportNumber(text), text).toBeNull();
      expect(parsePhone(text), text).toBeNull();
      expect(parseAmount(text), text).toBeNull();
      expect(parsePlate(text), text).toBeNull();
    }
  });
});
