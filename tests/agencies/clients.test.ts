import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgencyAuthError, AgencyRefusedError, AgencyResponseError } from '../../src/agencies/errors';
import { createAgencyClients, sandboxAgencyUrls, type AgencyClients } from '../../src/agencies';
import { AISYAH, AMINAH, MUTHU, payOnPage, startSandbox, TAN, type Harness } from '../sandbox/harness';

/** Every client method against the sandbox over real HTTP, replies validated by the shared schemas. */
let h: Harness;
let clients: AgencyClients;
let key = 0;
const k = (name: string) => `${name}-${++key}`;

beforeAll(async () => {
  h = await startSandbox();
  clients = createAgencyClients({ ...sandboxAgencyUrls(h.base.replace(/\/sandbox$/, '')), timeoutMs: 2000 });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

async function verified(person: { ic: string; phone: string }): Promise<string> {
  const sent = await clients.identity.sendOtp(person.ic, k('otp'));
  const code = /(\d{6})/.exec(h.sandbox.sms(person.phone).at(-1)!.text)![1]!;
  return (await clients.identity.verifyOtp({ requestId: sent.requestId, code })).token;
}

async function paid(amount: string): Promise<string> {
  const payment = await clients.payments.create({ amount, reference: k('ref'), description: 'test', callbackUrl: 'http://127.0.0.1:9/cb' }, k('pay'));
  await payOnPage(payment.payUrl, 'pay');
  return payment.paymentId;
}

async function refusal(promise: Promise<unknown>): Promise<AgencyRefusedError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AgencyRefusedError);
  return error as AgencyRefusedError;
}

describe('identity client', () => {
  it('sends an OTP and verifies it by request id or by MyKad', async () => {
    const sent = await clients.identity.sendOtp(AMINAH.ic, k('otp'));
    expect(sent).toMatchObject({ expiresInSeconds: 300, channel: 'SMS' });
    const code = /(\d{6})/.exec(h.sandbox.sms(AMINAH.phone).at(-1)!.text)![1]!;
    const byIc = await clients.identity.verifyOtp({ ic: AMINAH.ic, code });
    expect(byIc.token).toMatch(/^kvt1\./);
  });

  it('maps a wrong code to a refusal with the attempts left, and the lock-out to OTP_LOCKED', async () => {
    const sent = await clients.identity.sendOtp(TAN.ic, k('otp'));
    const wrong = await refusal(clients.identity.verifyOtp({ requestId: sent.requestId, code: '000000' }));
    expect([wrong.agency, wrong.status, wrong.code, wrong.details.attemptsLeft]).toEqual(['IDENTITY', 422, 'OTP_INVALID', 2]);
    await refusal(clients.identity.verifyOtp({ requestId: sent.requestId, code: '000000' }));
    const locked = await refusal(clients.identity.verifyOtp({ requestId: sent.requestId, code: '000000' }));
    expect([locked.status, locked.code]).toEqual([423, 'OTP_LOCKED']);
    expect(locked.details.retryAfterSeconds).toBe(900);
  });
});

describe('JPJ client', () => {
  it('renews road tax end to end: vehicles, eligibility, payment, renewal', async () => {
    const token = await verified(AMINAH);
    const vehicles = await clients.jpj.listVehicles(token, AMINAH.ic);
    expect(vehicles.map((v) => v.plate)).toEqual(['WXY 1234']);
    expect((await clients.jpj.getVehicle(token, AMINAH.ic, 'wxy 1234')).engineCc).toBe(1496);
    const eligibility = await clients.jpj.roadTaxEligibility(token, AMINAH.ic, 'WXY 1234');
    expect(eligibility.eligible).toBe(true);
    const twelve = eligibility.quotes.find((q) => q.months === 12)!;
    const paymentId = await paid(twelve.amount);
    expect((await clients.payments.get(paymentId)).status).toBe('PAID');
    const renewal = await clients.jpj.renewRoadTax(token, { ic: AMINAH.ic, plate: 'WXY 1234', months: 12, paymentId }, k('lkm'));
    expect(renewal).toMatchObject({ amount: '90.00', validTo: '2027-06-21' });
  });

  it('quotes rates without personal data', async () => {
    const rates = await clients.jpj.roadTaxRates({ zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1997 });
    expect(rates.quotes.map((q) => q.amount)).toEqual(['189.25', '378.50']);
    expect((await clients.jpj.roadTaxRates({ zone: 'LABUAN', bodyType: 'SALOON', engineCc: 1500 })).supported).toBe(false);
  });

  it('explains a refused renewal with typed reasons (NOT_ELIGIBLE)', async () => {
    const token = await verified(TAN);
    const eligibility = await clients.jpj.roadTaxEligibility(token, TAN.ic, 'PKE8812');
    expect(eligibility.reasons.map((r) => r.code)).toEqual(['INSURANCE_EXPIRED']);
    const paymentId = await paid('378.50');
    const refused = await refusal(clients.jpj.renewRoadTax(token, { ic: TAN.ic, plate: 'PKE8812', months: 12, paymentId }, k('lkm')));
    expect([refused.agency, refused.code, refused.details.reasons]).toEqual(['JPJ', 'NOT_ELIGIBLE', [{ code: 'INSURANCE_EXPIRED', insuranceExpiredOn: '2026-05-16' }]]);
  });

  it('renews a licence, lists and pays summonses, reads demerit points', async () => {
    const aminah = await verified(AMINAH);
    expect((await clients.jpj.getLicence(aminah, AMINAH.ic))?.licenceClass).toBe('D');
    const quote = (await clients.jpj.licenceEligibility(aminah, AMINAH.ic, 10)).quote!;
    expect(quote.amount).toBe('270.00');
    const licence = await clients.jpj.renewLicence(aminah, { ic: AMINAH.ic, years: 10, paymentId: await paid('270.00') }, k('lmm'));
    expect(licence.newExpiry).toBe('2036-07-30');

    const tan = await verified(TAN);
    const list = await clients.jpj.listSummonses(tan, TAN.ic, { plate: 'PKE 8812' });
    expect(list.totalDue).toBe('300.00');
    const payment = await clients.jpj.paySummonses(tan, { ic: TAN.ic, summonsIds: ['B1'], paymentId: await paid('150.00') }, k('smn'));
    expect(payment.amount).toBe('150.00');
    expect((await clients.jpj.listSummonses(tan, TAN.ic, { includePaid: true })).summonses.map((s) => [s.id, s.status])).toEqual([['B1', 'PAID'], ['B2', 'UNPAID']]);
    expect(await clients.jpj.demerit(tan, TAN.ic)).toMatchObject({ points: 6, stage: 'WARNING' });
  });

  it('books and cancels a counter appointment', async () => {
    const token = await verified(MUTHU);
    const branches = await clients.jpj.appointments.branches();
    const slots = await clients.jpj.appointments.slots(branches[0]!.id, 1);
    const booked = await clients.jpj.appointments.book(token, { ic: MUTHU.ic, branchId: branches[0]!.id, start: slots.slots[0]!.start, purpose: 'PROBATIONARY_LICENCE' }, k('apt'));
    expect(booked).toMatchObject({ agency: 'JPJ', status: 'BOOKED' });
    const cancelled = await clients.jpj.appointments.cancel(token, MUTHU.ic, booked.appointmentId, k('cancel'));
    expect(cancelled.status).toBe('CANCELLED');
  });

  it('refuses personal data without a token for that MyKad (AgencyAuthError)', async () => {
    const token = await verified(AMINAH);
    const error = await clients.jpj.getLicence(token, TAN.ic).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgencyAuthError);
    expect((error as AgencyAuthError).agency).toBe('JPJ');
  });
});

describe('JIM client', () => {
  it('renews a passport and follows its status', async () => {
    const token = await verified(AMINAH);
    expect((await clients.jim.getPassport(token, AMINAH.ic))?.number).toBe('A12345678');
    const eligibility = await clients.jim.passportEligibility(token, AMINAH.ic);
    expect(eligibility).toMatchObject({ eligible: true, fee: '200.00' });
    const offices = await clients.jim.collectionOffices();
    const application = await clients.jim.renewPassport(token, { ic: AMINAH.ic, collectionOfficeId: offices[0]!.id, paymentId: await paid('200.00') }, k('pma'));
    expect(application.status).toBe('SUBMITTED');
    h.sandbox.clock.advance(12 * 60_000);
    const fresh = await verified(AMINAH);
    expect((await clients.jim.applicationStatus(fresh, AMINAH.ic, application.applicationId)).status).toBe('PROCESSING');
    expect((await clients.jim.listApplications(fresh, AMINAH.ic)).map((a) => a.applicationId)).toEqual([application.applicationId]);
  });

  it('gives the fee category and the counter reasons', async () => {
    const token = await verified(AISYAH);
    const eligibility = await clients.jim.passportEligibility(token, AISYAH.ic);
    expect([eligibility.eligible, eligibility.category, eligibility.fee, eligibility.reasons]).toEqual([false, 'CHILD', '100.00', [{ code: 'CHILD_PASSPORT', age: 11 }]]);
    const slots = await clients.jim.appointments.slots('JIM-KUCHING');
    const booked = await clients.jim.appointments.book(token, { ic: AISYAH.ic, branchId: 'JIM-KUCHING', start: slots.slots[0]!.start, purpose: 'CHILD_PASSPORT' }, k('apt'));
    expect(booked.agency).toBe('JIM');
  });

  it('checks travel restrictions', async () => {
    const token = await verified(MUTHU);
    const result = await clients.jim.travelRestrictions(token, MUTHU.ic);
    expect(result.restrictions.map((r) => r.agency)).toEqual(['LHDN']);
  });
});

describe('malformed agency replies', () => {
  it('turn into AgencyResponseError, not a crash', async () => {
    const corrupt: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = (await response.text()).replace('"amount":"378.50"', '"amount":378.5');
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const broken = createAgencyClients({ ...sandboxAgencyUrls(h.base.replace(/\/sandbox$/, '')), fetch: corrupt });
    const error = await broken.jpj.roadTaxRates({ zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1997 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgencyResponseError);
  });
});
