import type { Licence, RoadTaxQuoteDto, Summons, Vehicle } from '../../agencies/schemas';
import type { Handlers } from '../contract';
import { notFound, SandboxHttpError, unprocessable } from '../errors';
import { normaliseMyKad, plateKey, type SummonsEntry, type VehicleRecord } from '../records';
import { demeritPosition } from '../rules/demerit';
import { isVoid, licenceQuote, licenceRefusals, type LicenceRecord } from '../rules/licence';
import { ringgit } from '../rules/money';
import { isQuote, newRoadTaxValidity, roadTaxQuote, roadTaxRefusals, type RoadTaxMonths, type RoadTaxVehicle } from '../rules/roadTax';
import { summonsDue } from '../rules/summons';
import type { PaymentRecord, SandboxState } from '../state';
import type { SandboxDeps } from './deps';

type JpjOperations =
  | 'jpjListVehicles' | 'jpjGetVehicle' | 'jpjRoadTaxRates' | 'jpjRoadTaxEligibility' | 'jpjRenewRoadTax'
  | 'jpjGetLicence' | 'jpjLicenceEligibility' | 'jpjRenewLicence' | 'jpjListSummonses' | 'jpjPaySummonses' | 'jpjDemerit';

function quoteDto(vehicle: RoadTaxVehicle, months: RoadTaxMonths): RoadTaxQuoteDto | null {
  const q = roadTaxQuote(vehicle, months);
  if (!isQuote(q)) return null;
  return {
    months,
    amount: ringgit(q.amountSen),
    annual: ringgit(q.annualSen),
    base: ringgit(q.baseSen),
    progressive: ringgit(q.progressiveSen),
    perCc: ringgit(q.perCcSen),
    ccAboveFloor: q.ccAboveFloor,
    band: q.band,
  };
}

function quotes(vehicle: RoadTaxVehicle): RoadTaxQuoteDto[] {
  return ([6, 12] as const).map((m) => quoteDto(vehicle, m)).filter((q): q is RoadTaxQuoteDto => q !== null);
}

/**
 * A refusal at execution time after the caller presented a payment is worth an operator's attention
 * (someone paid and got nothing yet), so it is written to the ledger as FAILED before being answered.
 */
export function recordingFailure<T>(
  state: SandboxState,
  service: Parameters<SandboxState['record']>[0],
  ic: string,
  paymentId: string | undefined,
  details: Record<string, unknown>,
  run: () => T,
): T {
  try {
    return run();
  } catch (error) {
    if (paymentId && error instanceof SandboxHttpError && error.status < 500) {
      state.record(service, ic, '-', 0, 'FAILED', { ...details, paymentId, reason: error.code });
    }
    throw error;
  }
}

export function jpjHandlers(deps: SandboxDeps): Pick<Handlers, JpjOperations> {
  const { state, clock } = deps;

  const vehicleDto = (v: VehicleRecord): Vehicle => {
    const today = clock.today();
    return {
      plate: v.plate,
      make: v.make,
      model: v.model,
      bodyType: v.bodyType,
      engineCc: v.engineCc,
      zone: v.zone,
      fuel: v.fuel,
      ownerType: v.ownerType,
      roadTaxExpiry: v.roadTaxExpiry,
      insuranceExpiry: v.insuranceExpiry,
      insuranceValid: v.insuranceExpiry !== null && v.insuranceExpiry >= today,
      blacklisted: state.blacklistingSummonses({ plate: v.plate }).length > 0,
    };
  };

  const licenceDto = (l: LicenceRecord): Licence => {
    const today = clock.today();
    return {
      type: l.type,
      licenceClass: l.licenceClass,
      expiry: l.expiry,
      status: isVoid(l, today) ? 'VOID' : l.expiry < today ? 'EXPIRED' : 'VALID',
      restrictions: [...l.restrictions],
    };
  };

  const summonsDto = (s: SummonsEntry): Summons => {
    const due = summonsDue(s, clock.today());
    return {
      id: s.id,
      plate: s.plate,
      offence: s.offence,
      offenceDate: s.offenceDate,
      compound: ringgit(s.compoundSen),
      amountDue: s.paidAt ? '0.00' : ringgit(due.amountDueSen),
      discountPercent: due.discountPercent,
      daysSinceOffence: due.daysSinceOffence,
      stage: due.stage,
      blacklisted: !s.paidAt && due.blacklisted,
      payableOnline: !s.paidAt && due.payableOnline,
      status: s.paidAt ? 'PAID' : 'UNPAID',
      paidAt: s.paidAt,
    };
  };

  const roadTaxReasons = (v: VehicleRecord) =>
    roadTaxRefusals({
      vehicle: v,
      blacklistingSummonsIds: state.blacklistingSummonses({ plate: v.plate }).map((s) => s.id),
      today: clock.today(),
    });

  const licenceOf = (ic: string): LicenceRecord => {
    const licence = state.requireCitizen(ic).licence;
    if (!licence) throw notFound('LICENCE_NOT_FOUND', 'No driving licence on record for this MyKad.');
    return licence;
  };

  const licenceReasons = (ic: string, licence: LicenceRecord) =>
    licenceRefusals({
      licence,
      citizen: state.requireCitizen(ic).citizen,
      blacklistingSummonsIds: state.blacklistingSummonses({ ic }).map((s) => s.id),
      today: clock.today(),
    });

  return {
    jpjListVehicles: ({ ic }) => ({
      body: { vehicles: [...state.vehicles.values()].filter((v) => v.ownerIc === ic).map(vehicleDto) },
    }),

    jpjGetVehicle: ({ ic, params }) => ({ body: vehicleDto(state.ownedVehicle(params.plate, ic)) }),

    jpjRoadTaxRates: ({ query }) => {
      const vehicle: RoadTaxVehicle = { zone: query.zone, bodyType: query.bodyType, engineCc: query.engineCc, fuel: query.fuel };
      const twelve = roadTaxQuote(vehicle, 12);
      return { body: { supported: isQuote(twelve), why: isQuote(twelve) ? null : twelve.why, quotes: quotes(vehicle) } };
    },

    jpjRoadTaxEligibility: ({ ic, params }) => {
      const vehicle = state.ownedVehicle(params.plate, ic);
      const reasons = roadTaxReasons(vehicle);
      return { body: { plate: vehicle.plate, eligible: reasons.length === 0, reasons, currentExpiry: vehicle.roadTaxExpiry, quotes: quotes(vehicle) } };
    },

    jpjRenewRoadTax: ({ ic, params, body }) => {
      const vehicle = state.ownedVehicle(params.plate, ic);
      const details = { plate: vehicle.plate, months: body.months };
      return recordingFailure(state, 'jpj.roadtax.renew', ic, body.paymentId, details, () => {
        const reasons = roadTaxReasons(vehicle);
        if (reasons.length > 0) throw unprocessable('NOT_ELIGIBLE', 'This road tax cannot be renewed online.', { reasons });
        const quote = roadTaxQuote(vehicle, body.months);
        if (!isQuote(quote)) throw unprocessable('NOT_ELIGIBLE', 'This road tax cannot be renewed online.', { reasons: [{ code: 'VEHICLE_NOT_SUPPORTED_ONLINE', why: quote.why }] });
        const payment: PaymentRecord | null = state.checkPayment(body.paymentId, quote.amountSen);
        const validity = newRoadTaxValidity(vehicle.roadTaxExpiry, clock.today(), body.months);
        const reference = state.nextReference('LKM');
        const transaction = state.complete('jpj.roadtax.renew', ic, reference, quote.amountSen, payment, { ...details, ...validity });
        vehicle.roadTaxExpiry = validity.validTo;
        return {
          body: { transactionId: transaction.id, reference, plate: vehicle.plate, months: body.months, ...validity, amount: ringgit(quote.amountSen) },
        };
      });
    },

    jpjGetLicence: ({ ic }) => {
      const licence = state.requireCitizen(ic).licence;
      return { body: { licence: licence ? licenceDto(licence) : null } };
    },

    jpjLicenceEligibility: ({ ic, query }) => {
      const licence = state.requireCitizen(ic).licence;
      if (!licence) return { body: { eligible: false, reasons: [{ code: 'NOT_ELIGIBLE_ONLINE' as const, why: 'NO_LICENCE' }], licence: null, quote: null } };
      const reasons = licenceReasons(ic, licence);
      const q = licenceQuote(licence, query.years ?? 1, clock.today());
      return {
        body: {
          eligible: reasons.length === 0,
          reasons,
          licence: licenceDto(licence),
          quote: q ? { years: q.years, yearly: ringgit(q.yearlySen), discount: ringgit(q.discountSen), amount: ringgit(q.amountSen), newExpiry: q.newExpiry } : null,
        },
      };
    },

    jpjRenewLicence: ({ ic, body }) => {
      const licence = licenceOf(ic);
      const details = { licenceClass: licence.licenceClass, years: body.years };
      return recordingFailure(state, 'jpj.licence.renew', ic, body.paymentId, details, () => {
        const reasons = licenceReasons(ic, licence);
        if (reasons.length > 0) throw unprocessable('NOT_ELIGIBLE', 'This driving licence cannot be renewed online.', { reasons });
        const quote = licenceQuote(licence, body.years, clock.today());
        if (!quote) throw unprocessable('NOT_ELIGIBLE', 'This driving licence cannot be renewed online.', { reasons: [{ code: 'NOT_ELIGIBLE_ONLINE', why: 'CLASS_FEE_NOT_LISTED' }] });
        const payment = state.checkPayment(body.paymentId, quote.amountSen);
        const reference = state.nextReference('LMM');
        const transaction = state.complete('jpj.licence.renew', ic, reference, quote.amountSen, payment, { ...details, newExpiry: quote.newExpiry });
        licence.expiry = quote.newExpiry;
        return {
          body: { transactionId: transaction.id, reference, licenceClass: licence.licenceClass, years: body.years, newExpiry: quote.newExpiry, amount: ringgit(quote.amountSen) },
        };
      });
    },

    jpjListSummonses: ({ ic, query }) => {
      if (query.plate) state.ownedVehicle(query.plate, ic);
      const all = [...state.summonses.values()].filter(
        (s) => s.ic === ic && (query.includePaid === 'true' || !s.paidAt) && (!query.plate || (s.plate !== null && plateKey(s.plate) === plateKey(query.plate))),
      );
      const list = all.map(summonsDto);
      const totalSen = all.filter((s) => !s.paidAt).reduce((sum, s) => sum + summonsDue(s, clock.today()).amountDueSen, 0);
      return { body: { summonses: list, totalDue: ringgit(totalSen) } };
    },

    jpjPaySummonses: ({ ic, body }) => {
      const ids = [...new Set(body.summonsIds)];
      const details = { summonsIds: ids };
      return recordingFailure(state, 'jpj.summons.pay', ic, body.paymentId, details, () => {
        const today = clock.today();
        const chosen = ids.map((id) => {
          const s = state.summonses.get(id);
          if (!s || s.ic !== normaliseMyKad(ic)) throw notFound('SUMMONS_NOT_FOUND', 'No such summons for this MyKad.', { summonsId: id });
          if (s.paidAt) throw unprocessable('SUMMONS_ALREADY_PAID', 'This summons has already been paid.', { summonsId: id });
          if (!summonsDue(s, today).payableOnline) {
            throw unprocessable('NOT_ELIGIBLE', 'This summons cannot be paid online.', { reasons: [{ code: 'SUMMONS_NOT_COMPOUNDABLE', summonsIds: [id] }] });
          }
          return s;
        });
        const amountSen = chosen.reduce((sum, s) => sum + summonsDue(s, today).amountDueSen, 0);
        const payment = state.checkPayment(body.paymentId, amountSen);
        const blacklistedBefore = new Set([...state.vehicles.values()].filter((v) => state.blacklistingSummonses({ plate: v.plate }).length > 0).map((v) => v.plate));
        const reference = state.nextReference('SMN');
        const plates = [...new Set(chosen.map((s) => s.plate).filter((p): p is string => p !== null))];
        const transaction = state.complete('jpj.summons.pay', ic, reference, amountSen, payment, { ...details, plates });
        for (const s of chosen) s.paidAt = clock.iso();
        const blacklistLifted = [...blacklistedBefore].filter((plate) => state.blacklistingSummonses({ plate }).length === 0);
        return { body: { transactionId: transaction.id, reference, summonsIds: ids, amount: ringgit(amountSen), blacklistLifted } };
      });
    },

    jpjDemerit: ({ ic }) => {
      const citizen = state.requireCitizen(ic);
      const position = demeritPosition(citizen.demeritPoints, citizen.licence?.type ?? null);
      return { body: { ...position, licenceType: citizen.licence?.type ?? null } };
    },
  };
}
