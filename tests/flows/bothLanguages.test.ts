import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CITIZENS, completed, journey, startSandboxBot, type Bot } from '../helpers/journey';

/**
 * Every demo citizen's outcome of DESIGN 4.5, in Malay AND in English, end to end against the
 * sandbox — the ledger says what was charged. (journeys.test.ts walks the same outcomes in detail.)
 */
type Step = string | { otp: true } | { pay: true } | { expect: RegExp };
interface Outcome {
  name: string;
  phone: string;
  ms: Step[];
  en: Step[];
  /** What the sandbox ledger must show afterwards: [service, amount] of each completed transaction. */
  ledger: Array<[string, string]>;
  /** How the E2E funnel must move: per service, the stages counted by this conversation. */
  funnel: Record<string, Partial<Record<'started' | 'eligible' | 'refused' | 'counter' | 'paid' | 'completed' | 'abandoned', number>>>;
}

const OTP = { otp: true } as const;
const PAY = { pay: true } as const;
const see = (pattern: RegExp) => ({ expect: pattern });

const outcomes: Outcome[] = [
  {
    name: 'Aminah renews road tax for 12 months (RM90.00)',
    phone: CITIZENS.aminah.phone,
    ms: ['nak renew roadtax WXY 1234 ic 850412-10-5566', OTP, '12 bulan', see(/RM90\.00/), 'ya', PAY, 'dah bayar', see(/Resit/)],
    en: ['renew my road tax WXY 1234, IC 850412-10-5566', OTP, '12 months', see(/RM90\.00/), 'yes', PAY, 'I have paid', see(/Receipt/)],
    ledger: [['jpj.roadtax.renew', '90.00']],
    funnel: { 'jpj.roadtax.renew': { started: 1, eligible: 1, paid: 1, completed: 1, refused: 0 } },
  },
  {
    name: 'Aminah renews her licence for a year (RM30.00)',
    phone: CITIZENS.aminah.phone,
    ms: ['nak renew lesen memandu 850412-10-5566', OTP, '1 tahun', see(/RM30\.00/), 'ya', PAY, 'dah bayar', see(/Resit/)],
    en: ['renew my driving licence 850412-10-5566', OTP, '1 year', see(/RM30\.00/), 'yes', PAY, 'paid', see(/Receipt/)],
    ledger: [['jpj.licence.renew', '30.00']],
    funnel: { 'jpj.licence.renew': { started: 1, eligible: 1, paid: 1, completed: 1 } },
  },
  {
    name: 'Aminah renews her passport online (RM200.00)',
    phone: CITIZENS.aminah.phone,
    ms: ['nak renew pasport 850412-10-5566', OTP, '1', see(/RM200\.00/), 'ya', PAY, 'dah bayar', see(/Resit/)],
    en: ['renew my passport 850412-10-5566', OTP, '1', see(/RM200\.00/), 'yes', PAY, 'paid', see(/Receipt/)],
    ledger: [['jim.passport.renew', '200.00']],
    funnel: { 'jim.passport.renew': { started: 1, eligible: 1, paid: 1, completed: 1 } },
  },
  {
    name: 'Tan: road tax refused until the insurance is renewed (would be RM378.50)',
    phone: CITIZENS.tan.phone,
    ms: ['nak renew roadtax PKE 8812 ic 620815-07-5511', OTP, see(/[Ii]nsurans/), see(/RM378\.50/)],
    en: ['renew road tax PKE 8812 IC 620815-07-5511', OTP, see(/insurance/), see(/RM378\.50/)],
    ledger: [],
    funnel: { 'jpj.roadtax.renew': { started: 1, refused: 1, counter: 0, paid: 0, completed: 0 } },
  },
  {
    name: 'Tan pays both summonses: B1 at 50% (RM150), B2 in full (RM150)',
    phone: CITIZENS.tan.phone,
    ms: ['nak bayar saman 620815-07-5511', OTP, see(/B1.*RM150\.00.*50%/), '1', see(/RM300\.00/), 'ya', PAY, 'dah bayar', see(/B1, B2/)],
    en: ['pay my summonses 620815-07-5511', OTP, see(/B1.*RM150\.00.*50%/), '1', see(/RM300\.00/), 'yes', PAY, 'paid', see(/B1, B2/)],
    ledger: [['jpj.summons.pay', '300.00']],
    funnel: { 'jpj.summons.check': { started: 1, eligible: 1, paid: 1, completed: 1 } },
  },
  {
    name: 'Tan renews his passport at the senior rate (RM100.00)',
    phone: CITIZENS.tan.phone,
    ms: ['nak renew pasport 620815-07-5511', OTP, '1', see(/RM100\.00/), 'ya', PAY, 'dah bayar', see(/Resit/)],
    en: ['renew passport 620815-07-5511', OTP, '1', see(/RM100\.00/), 'yes', PAY, 'paid', see(/Receipt/)],
    ledger: [['jim.passport.renew', '100.00']],
    funnel: { 'jim.passport.renew': { started: 1, paid: 1, completed: 1 } },
  },
  {
    name: 'Muthu pays the blacklisting summons C1, then renews road tax (RM70.00)',
    phone: CITIZENS.muthu.phone,
    ms: ['nak renew roadtax BKL 2231 ic 990101-14-5673', OTP, see(/C1/), 'ya', 'ya', PAY, 'dah bayar', '12', see(/RM70\.00/), 'ya', PAY, 'dah bayar', see(/Resit/)],
    en: ['renew road tax BKL 2231 IC 990101-14-5673', OTP, see(/C1/), 'yes', 'yes', PAY, 'paid', '12', see(/RM70\.00/), 'yes', PAY, 'paid', see(/Receipt/)],
    ledger: [['jpj.summons.pay', '300.00'], ['jpj.roadtax.renew', '70.00']],
    funnel: { 'jpj.roadtax.renew': { started: 1, refused: 1, counter: 0, eligible: 1, paid: 1, completed: 1 }, 'jpj.summons.check': { started: 1, paid: 1, completed: 1 } },
  },
  {
    name: 'Muthu’s probationary licence goes to a counter',
    phone: CITIZENS.muthu.phone,
    ms: ['nak renew lesen 990101-14-5673', OTP, see(/percubaan|\(P\)|PDL/), see(/kaunter/)],
    en: ['renew my licence 990101-14-5673', OTP, see(/probationary/i), see(/counter/)],
    ledger: [],
    funnel: { 'jpj.licence.renew': { started: 1, refused: 1, counter: 1, completed: 0 } },
  },
  {
    name: 'Muthu has no passport: a first application is at a counter',
    phone: CITIZENS.muthu.phone,
    ms: ['nak renew pasport 990101-14-5673', OTP, see(/kaunter/)],
    en: ['renew my passport 990101-14-5673', OTP, see(/counter/)],
    ledger: [],
    funnel: { 'jim.passport.renew': { started: 1, refused: 1, counter: 1, completed: 0 } },
  },
  {
    name: 'Muthu is barred from travel at LHDN’s request',
    phone: CITIZENS.muthu.phone,
    ms: ['semak sekatan perjalanan saya 990101-14-5673', OTP, see(/LHDN|Hasil/)],
    en: ['check my travel restriction 990101-14-5673', OTP, see(/LHDN|Inland Revenue/)],
    ledger: [],
    funnel: { 'jim.travel.check': { started: 1, completed: 1 } },
  },
  {
    name: 'Nur Aisyah (11): passport only at a counter (RM100.00), appointment booked',
    phone: CITIZENS.nurAisyah.phone,
    ms: ['nak renew pasport 150303-01-1234', OTP, see(/RM100\.00/), 'ya', '1', '1', see(/ditempah/)],
    en: ['renew passport 150303-01-1234', OTP, see(/RM100\.00/), 'yes', '1', '1', see(/booked/)],
    ledger: [['appointment.book', '0.00']],
    funnel: { 'jim.passport.renew': { started: 1, refused: 1, counter: 1, completed: 0 }, 'appointment.book': { started: 1, completed: 1 } },
  },
  {
    name: 'Lim: QAA 1234 needs an inspection; QAB 5678 renews at the Sarawak rate (RM72.00)',
    phone: CITIZENS.lim.phone,
    ms: ['nak renew roadtax QAA 1234 ic 780920-13-5208', OTP, see(/PUSPAKOM/), 'tidak', 'nak renew roadtax QAB 5678', '12', see(/RM72\.00/), 'ya', PAY, 'dah bayar', see(/Resit/)],
    en: ['renew road tax QAA 1234 IC 780920-13-5208', OTP, see(/PUSPAKOM/), 'no', 'renew road tax QAB 5678', '12', see(/RM72\.00/), 'yes', PAY, 'paid', see(/Receipt/)],
    ledger: [['jpj.roadtax.renew', '72.00']],
    funnel: { 'jpj.roadtax.renew': { started: 2, refused: 1, counter: 1, eligible: 1, paid: 1, completed: 1 } },
  },
  {
    name: 'Lim’s licence expired over three years is void: counter',
    phone: CITIZENS.lim.phone,
    ms: ['nak renew lesen 780920-13-5208', OTP, see(/kaunter/)],
    en: ['renew my licence 780920-13-5208', OTP, see(/counter/)],
    ledger: [],
    funnel: { 'jpj.licence.renew': { started: 1, refused: 1, counter: 1, completed: 0 } },
  },
];

let bot: Bot;
beforeAll(async () => {
  bot = await startSandboxBot();
});
afterAll(async () => {
  await bot.close();
});
beforeEach(() => {
  bot.app.sandbox!.reset();
});

describe.each(outcomes)('$name', (outcome) => {
  it.each(['ms', 'en'] as const)('in %s', async (lang) => {
    const funnelBefore = await bot.app.funnel.totals();
    const citizen = journey(bot, outcome.phone);
    for (const step of outcome[lang]) {
      if (typeof step === 'string') await citizen.say(step);
      else if ('otp' in step) await citizen.otp();
      else if ('pay' in step) await citizen.pay();
      else expect(citizen.text()).toMatch(step.expect);
    }
    // Every reply of the conversation came back in the citizen's language.
    expect(citizen.allReplies().every((reply) => reply.locale === (lang === 'ms' ? 'ms-MY' : 'en-MY'))).toBe(true);
    expect(completed(bot).map((t) => [t.service, t.amount])).toEqual(outcome.ledger);
    // A refusal charges nothing: payments exist only for what completed (appointments are free).
    const paid = bot.app.sandbox!.ledger().payments.filter((p) => p.status === 'PAID').length;
    expect(paid).toBe(outcome.ledger.filter(([service]) => service !== 'appointment.book').length);
    // The E2E funnel moved exactly as this conversation went, in this language.
    const funnelAfter = await bot.app.funnel.totals();
    const count = (rows: typeof funnelAfter, service: string, stage: string) =>
      rows.filter((row) => row.service === service && row.stage === stage && row.lang === lang).reduce((sum, row) => sum + row.count, 0);
    for (const [service, stages] of Object.entries(outcome.funnel)) {
      for (const [stage, expected] of Object.entries(stages)) {
        expect(count(funnelAfter, service, stage) - count(funnelBefore, service, stage), `${service} ${stage}`).toBe(expected);
      }
    }
  });
});
