import type { Branch, CitizenRecord, SummonsEntry, VehicleRecord } from './records';
import { addDays, birthDateFromMyKad, type IsoDate } from './rules/dates';

/**
 * The demo citizens of DESIGN 4.5, exactly, with every date relative to the sandbox's today.
 * Details the table leaves open (insurance of cars without a note, chip of passports without a note,
 * offences' descriptions) are chosen so they do not change the outcomes listed under the table.
 */
export interface Seed {
  citizens: CitizenRecord[];
  vehicles: VehicleRecord[];
  summonses: SummonsEntry[];
}

export function seedDemoData(today: IsoDate): Seed {
  const d = (days: number) => addDays(today, days);
  const person = (ic: string, name: string, phone: string, rest: Omit<CitizenRecord, 'ic' | 'name' | 'phone' | 'birthDate' | 'citizen'>): CitizenRecord => ({
    ic,
    name,
    phone,
    birthDate: birthDateFromMyKad(ic, today),
    citizen: true,
    ...rest,
  });
  const saloon = (plate: string, ownerIc: string, make: string, model: string, engineCc: number, zone: VehicleRecord['zone'], roadTaxExpiry: IsoDate, insuranceExpiry: IsoDate | null): VehicleRecord => ({
    plate, ownerIc, make, model, bodyType: 'SALOON', engineCc, zone, fuel: 'PETROL', ownerType: 'INDIVIDUAL', roadTaxExpiry, insuranceExpiry,
  });

  const citizens: CitizenRecord[] = [
    person('850412-10-5566', 'Aminah binti Abdullah', '+60123456789', {
      licence: { type: 'CDL', licenceClass: 'D', expiry: d(45), restrictions: [] },
      passport: { number: 'A12345678', chip: true, condition: 'GOOD', expiry: d(90) },
      demeritPoints: 4,
      travelRestrictions: [],
    }),
    person('620815-07-5511', 'Tan Wei Ming', '+60129876543', {
      licence: { type: 'CDL', licenceClass: 'D', expiry: d(700), restrictions: [] },
      passport: { number: 'A87654321', chip: true, condition: 'GOOD', expiry: d(60) },
      demeritPoints: 6,
      travelRestrictions: [],
    }),
    person('990101-14-5673', 'Muthu a/l Raman', '+60171234567', {
      licence: { type: 'PDL', licenceClass: 'D', expiry: d(20), restrictions: [] },
      passport: null,
      demeritPoints: 12,
      travelRestrictions: ['LHDN'],
    }),
    person('150303-01-1234', 'Nur Aisyah binti Kamal', '+60191112233', {
      licence: null,
      passport: { number: 'A11223344', chip: true, condition: 'GOOD', expiry: d(30) },
      demeritPoints: 0,
      travelRestrictions: [],
    }),
    person('780920-13-5208', 'Lim Mei Ling', '+60168889999', {
      licence: { type: 'CDL', licenceClass: 'D', expiry: d(-1200), restrictions: [] },
      passport: { number: 'A55667788', chip: true, condition: 'GOOD', expiry: d(1500) },
      demeritPoints: 0,
      travelRestrictions: [],
    }),
  ];

  const vehicles: VehicleRecord[] = [
    saloon('WXY 1234', '850412-10-5566', 'Perodua', 'Myvi', 1496, 'PENINSULAR', d(6), d(200)),
    saloon('PKE 8812', '620815-07-5511', 'Honda', 'Accord', 1997, 'PENINSULAR', d(20), d(-30)),
    saloon('BKL 2231', '990101-14-5673', 'Proton', 'Saga', 1332, 'PENINSULAR', d(-10), d(150)),
    saloon('QAA 1234', '780920-13-5208', 'Toyota', 'Vios', 1496, 'SABAH_SARAWAK', d(-1300), d(120)),
    saloon('QAB 5678', '780920-13-5208', 'Honda', 'City', 1498, 'SABAH_SARAWAK', d(10), d(240)),
  ];

  const summonses: SummonsEntry[] = [
    {
      id: 'B1', ic: '620815-07-5511', plate: 'PKE 8812', offenceDate: d(-5), compoundSen: 30000, compoundable: true, paidAt: null,
      offence: { ms: 'Memandu melebihi had laju (kamera AwAS)', en: 'Speeding (AwAS camera)' },
    },
    {
      id: 'B2', ic: '620815-07-5511', plate: 'PKE 8812', offenceDate: d(-40), compoundSen: 15000, compoundable: true, paidAt: null,
      offence: { ms: 'Meletak kenderaan di lorong kecemasan', en: 'Stopping in the emergency lane' },
    },
    {
      id: 'C1', ic: '990101-14-5673', plate: 'BKL 2231', offenceDate: d(-75), compoundSen: 30000, compoundable: true, paidAt: null,
      offence: { ms: 'Melanggar lampu isyarat merah', en: 'Running a red light' },
    },
  ];

  return { citizens, vehicles, summonses };
}

/** Counters where a citizen can be sent (and JIM's passport collection offices). */
export const JPJ_BRANCHES: readonly Branch[] = [
  { id: 'JPJ-WP-WANGSAMAJU', name: 'JPJ Wilayah Persekutuan (Wangsa Maju)', state: 'W.P. Kuala Lumpur', address: 'Wangsa Maju, 53300 Kuala Lumpur' },
  { id: 'JPJ-SEL-PADANGJAWA', name: 'JPJ Selangor (Padang Jawa)', state: 'Selangor', address: 'Padang Jawa, 40200 Shah Alam' },
  { id: 'JPJ-PNG-BATUUBAN', name: 'JPJ Pulau Pinang (Batu Uban)', state: 'Pulau Pinang', address: 'Batu Uban, 11700 Gelugor' },
  { id: 'JPJ-SWK-KUCHING', name: 'JPJ Sarawak (Kuching)', state: 'Sarawak', address: 'Jalan Setia Raja, 93350 Kuching' },
];

export const JIM_OFFICES: readonly Branch[] = [
  { id: 'JIM-PUTRAJAYA', name: 'Ibu Pejabat Imigresen Putrajaya', state: 'W.P. Putrajaya', address: 'Presint 2, 62550 Putrajaya' },
  { id: 'JIM-KELANAJAYA', name: 'Pejabat Imigresen Kelana Jaya', state: 'Selangor', address: 'Kelana Jaya, 47301 Petaling Jaya' },
  { id: 'JIM-WANGSAMAJU', name: 'Pejabat Imigresen Wangsa Maju', state: 'W.P. Kuala Lumpur', address: 'Wangsa Maju, 53300 Kuala Lumpur' },
  { id: 'JIM-KAJANG', name: 'Pejabat Imigresen Kajang', state: 'Selangor', address: 'Kajang, 43000 Selangor' },
  { id: 'JIM-KUCHING', name: 'Pejabat Imigresen Kuching', state: 'Sarawak', address: 'Jalan Simpang Tiga, 93550 Kuching' },
];
