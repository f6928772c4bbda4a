import { z } from 'zod';
import * as S from '../agencies/schemas';

/**
 * Every JSON route of the sandbox as data: the server registers exactly these, with these schemas,
 * and openapi/sandbox.json is generated from this table — a route cannot exist undocumented.
 * Paths are relative to the mount prefix (/sandbox) and written OpenAPI-style ({param}).
 */
export type RouteArea = 'jpj' | 'jim' | 'identity' | 'payments' | 'tools';

export interface RouteContract {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  area: RouteArea;
  summary: string;
  /** Needs `Authorization: Bearer <verification token>` for the MyKad in the query or body. */
  auth?: boolean;
  /**
   * Delivers what a paid payment bought. The token may have expired since, provided the payment is
   * paid, for a sum, and was created while the token was valid: the citizen verified and then paid,
   * and the bank, the gateway's callback or a restarted bot can take longer than a token lives.
   * Nothing else is authorised by it (a free service needs a valid token).
   */
  settlesPayment?: boolean;
  /** Changes state: honours Idempotency-Key. */
  idempotent?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Error statuses worth documenting besides 400 (invalid request) and 5xx (injected faults). */
  errors?: readonly number[];
}

const plateParams = z.object({ plate: S.PlateSchema });

const appointmentRoutes = <A extends 'jpj' | 'jim'>(area: A, who: string) =>
  ({
    branches: { method: 'GET', path: `/${area}/appointments/branches`, area, summary: `${who} counters that take appointments`, response: S.BranchesResponseSchema },
    slots: {
      method: 'GET', path: `/${area}/appointments/slots`, area, summary: `Free appointment slots at a ${who} counter over the next working days`,
      query: S.SlotsQuerySchema, response: S.SlotsResponseSchema, errors: [404],
    },
    book: {
      method: 'POST', path: `/${area}/appointments`, area, summary: `Book a ${who} counter appointment`, auth: true, idempotent: true,
      body: S.AppointmentBookBodySchema, response: S.AppointmentSchema, status: 201, errors: [401, 403, 404, 409, 422],
    },
    cancel: {
      method: 'POST', path: `/${area}/appointments/{appointmentId}/cancel`, area, summary: `Cancel a ${who} counter appointment`, auth: true, idempotent: true,
      params: S.AppointmentParamsSchema, body: S.AppointmentCancelBodySchema, response: S.AppointmentSchema, errors: [401, 403, 404, 409],
    },
  }) as const satisfies Record<string, RouteContract>;

const jpjAppointments = appointmentRoutes('jpj', 'JPJ');
const jimAppointments = appointmentRoutes('jim', 'JIM');

export const ROUTES = {
  // ---- identity ----
  identitySendOtp: {
    method: 'POST', path: '/identity/otp', area: 'identity', idempotent: true, status: 202,
    summary: 'Send a 6-digit OTP to the phone on record for a MyKad (same reply whether or not the MyKad is known)',
    body: S.OtpSendBodySchema, response: S.OtpSendResponseSchema, errors: [423],
  },
  identityVerifyOtp: {
    method: 'POST', path: '/identity/otp/verify', area: 'identity',
    summary: 'Check an OTP; returns a short-lived verification token bound to the MyKad (3 wrong tries lock the MyKad out)',
    body: S.OtpVerifyBodySchema, response: S.OtpVerifyResponseSchema, errors: [410, 422, 423],
  },

  // ---- JPJ ----
  jpjListVehicles: {
    method: 'GET', path: '/jpj/vehicles', area: 'jpj', auth: true, summary: 'Vehicles registered to a MyKad',
    query: S.IcQuerySchema, response: S.VehicleListResponseSchema, errors: [401, 403],
  },
  jpjGetVehicle: {
    method: 'GET', path: '/jpj/vehicles/{plate}', area: 'jpj', auth: true, summary: 'One vehicle by plate, if the MyKad owns it',
    params: plateParams, query: S.IcQuerySchema, response: S.VehicleSchema, errors: [401, 403, 404],
  },
  jpjRoadTaxRates: {
    method: 'GET', path: '/jpj/roadtax/rates', area: 'jpj', summary: 'Road tax for 6 and 12 months by zone, body type and engine size (public rate calculator)',
    query: S.RoadTaxRateQuerySchema, response: S.RoadTaxRateResponseSchema,
  },
  jpjRoadTaxEligibility: {
    method: 'GET', path: '/jpj/vehicles/{plate}/roadtax/eligibility', area: 'jpj', auth: true,
    summary: 'Can this road tax be renewed online now, and for how much (6 and 12 months)',
    params: plateParams, query: S.IcQuerySchema, response: S.RoadTaxEligibilityResponseSchema, errors: [401, 403, 404],
  },
  jpjRenewRoadTax: {
    method: 'POST', path: '/jpj/vehicles/{plate}/roadtax/renew', area: 'jpj', auth: true, settlesPayment: true, idempotent: true, status: 201,
    summary: 'Renew road tax with a paid payment; returns the digital LKM reference and validity',
    params: plateParams, body: S.RoadTaxRenewBodySchema, response: S.RoadTaxRenewResponseSchema, errors: [401, 403, 404, 409, 422],
  },
  jpjGetLicence: {
    method: 'GET', path: '/jpj/licence', area: 'jpj', auth: true, summary: 'The driving licence of a MyKad',
    query: S.IcQuerySchema, response: S.LicenceResponseSchema, errors: [401, 403],
  },
  jpjLicenceEligibility: {
    method: 'GET', path: '/jpj/licence/eligibility', area: 'jpj', auth: true,
    summary: 'Can the driving licence be renewed online, and the fee for the chosen years (1–10)',
    query: S.LicenceEligibilityQuerySchema, response: S.LicenceEligibilityResponseSchema, errors: [401, 403],
  },
  jpjRenewLicence: {
    method: 'POST', path: '/jpj/licence/renew', area: 'jpj', auth: true, settlesPayment: true, idempotent: true, status: 201,
    summary: 'Renew the driving licence for 1–10 years with a paid payment',
    body: S.LicenceRenewBodySchema, response: S.LicenceRenewResponseSchema, errors: [401, 403, 404, 409, 422],
  },
  jpjListSummonses: {
    method: 'GET', path: '/jpj/summonses', area: 'jpj', auth: true,
    summary: 'Unpaid summonses of a MyKad (optionally one plate) with the amount due today under the 2026 schedule',
    query: S.SummonsQuerySchema, response: S.SummonsListResponseSchema, errors: [401, 403, 404],
  },
  jpjPaySummonses: {
    method: 'POST', path: '/jpj/summonses/pay', area: 'jpj', auth: true, settlesPayment: true, idempotent: true, status: 201,
    summary: 'Pay one or more summonses with a paid payment of exactly the amount due; lifts the blacklist they caused',
    body: S.SummonsPayBodySchema, response: S.SummonsPayResponseSchema, errors: [401, 403, 404, 409, 422],
  },
  jpjDemerit: {
    method: 'GET', path: '/jpj/demerit', area: 'jpj', auth: true, summary: 'KEJARA demerit points and the position on the penalty ladder',
    query: S.IcQuerySchema, response: S.DemeritResponseSchema, errors: [401, 403],
  },
  jpjAppointmentBranches: jpjAppointments.branches,
  jpjAppointmentSlots: jpjAppointments.slots,
  jpjBookAppointment: jpjAppointments.book,
  jpjCancelAppointment: jpjAppointments.cancel,

  // ---- JIM ----
  jimGetPassport: {
    method: 'GET', path: '/jim/passport', area: 'jim', auth: true, summary: 'The current passport of a MyKad (null when none)',
    query: S.IcQuerySchema, response: S.PassportResponseSchema, errors: [401, 403],
  },
  jimPassportEligibility: {
    method: 'GET', path: '/jim/passport/eligibility', area: 'jim', auth: true,
    summary: 'Can the passport be renewed online, the fee category and the fee',
    query: S.PassportEligibilityQuerySchema, response: S.PassportEligibilityResponseSchema, errors: [401, 403],
  },
  jimCollectionOffices: {
    method: 'GET', path: '/jim/passport/offices', area: 'jim', summary: 'Immigration offices where a renewed passport can be collected',
    response: S.BranchesResponseSchema,
  },
  jimRenewPassport: {
    method: 'POST', path: '/jim/passport/renew', area: 'jim', auth: true, settlesPayment: true, idempotent: true, status: 201,
    summary: 'Apply to renew the passport with a paid payment and a collection office',
    body: S.PassportRenewBodySchema, response: S.PassportApplicationSchema, errors: [401, 403, 404, 409, 422],
  },
  jimListApplications: {
    method: 'GET', path: '/jim/passport/applications', area: 'jim', auth: true, summary: 'Passport applications of a MyKad, newest first',
    query: S.IcQuerySchema, response: S.PassportApplicationsResponseSchema, errors: [401, 403],
  },
  jimApplicationStatus: {
    method: 'GET', path: '/jim/passport/applications/{applicationId}', area: 'jim', auth: true,
    summary: 'Status of a passport application (submitted → processing → ready for collection)',
    params: S.PassportApplicationParamsSchema, query: S.IcQuerySchema, response: S.PassportApplicationSchema, errors: [401, 403, 404],
  },
  jimTravelRestrictions: {
    method: 'GET', path: '/jim/travel-restrictions', area: 'jim', auth: true,
    summary: 'Whether the citizen is barred from leaving Malaysia, at which agency’s request, and what to do',
    query: S.IcQuerySchema, response: S.TravelRestrictionsResponseSchema, errors: [401, 403],
  },
  jimAppointmentBranches: jimAppointments.branches,
  jimAppointmentSlots: jimAppointments.slots,
  jimBookAppointment: jimAppointments.book,
  jimCancelAppointment: jimAppointments.cancel,

  // ---- payments ----
  paymentsCreate: {
    method: 'POST', path: '/payments', area: 'payments', idempotent: true, status: 201,
    summary: 'Create a payment; the citizen pays on payUrl and the gateway POSTs a signed callback to callbackUrl',
    body: S.PaymentCreateBodySchema, response: S.PaymentSchema, errors: [422],
  },
  paymentsGet: {
    method: 'GET', path: '/payments/{paymentId}', area: 'payments', summary: 'Payment status',
    params: S.PaymentParamsSchema, response: S.PaymentSchema, errors: [404],
  },

  // ---- sandbox tools ----
  toolsSms: { method: 'GET', path: '/sms', area: 'tools', summary: 'The SMS outbox (OTP codes land here)', query: S.SmsQuerySchema, response: S.SmsResponseSchema },
  toolsLedger: { method: 'GET', path: '/ledger', area: 'tools', summary: 'Every agency transaction and every payment', response: S.LedgerResponseSchema },
  toolsListFaults: { method: 'GET', path: '/faults', area: 'tools', summary: 'Faults armed per agency', response: S.FaultsResponseSchema },
  toolsArmFault: {
    method: 'POST', path: '/faults', area: 'tools', summary: 'Arm a fault for the next calls of an agency (5xx, timeout, latency)',
    body: S.FaultArmBodySchema, response: S.FaultsResponseSchema,
  },
  toolsClearFaults: { method: 'DELETE', path: '/faults', area: 'tools', summary: 'Disarm every fault (configured ones are re-armed)', response: S.FaultsResponseSchema },
  toolsClock: { method: 'GET', path: '/clock', area: 'tools', summary: 'The sandbox clock', response: S.ClockResponseSchema },
  toolsAdvanceClock: {
    method: 'POST', path: '/clock/advance', area: 'tools', summary: 'Move the sandbox clock forward (OTP expiry, passport progress)',
    body: S.ClockAdvanceBodySchema, response: S.ClockResponseSchema,
  },
  toolsReset: { method: 'POST', path: '/reset', area: 'tools', summary: 'Reseed the demo data and forget every transaction', response: S.OkResponseSchema },
} as const satisfies Record<string, RouteContract>;

export type OperationId = keyof typeof ROUTES;

/** The HTML pages of the payment gateway (documented in the OpenAPI file, served outside the table). */
export const PAGES = {
  payPage: { method: 'GET', path: '/pay/{paymentId}', summary: 'Bank selection page (FPX-style), Malay and English' },
  payAction: { method: 'POST', path: '/pay/{paymentId}', summary: 'Pay or cancel (form fields: action=pay|cancel, bank)' },
} as const;

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface HandlerInput<R extends RouteContract> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
  /** The verified MyKad (dashed form) on `auth` routes; '' elsewhere. */
  ic: string;
  /** Absolute URL of the mount point as the caller reached it, e.g. http://127.0.0.1:4000/sandbox. */
  baseUrl: string;
}

export interface HandlerResult<R extends RouteContract> {
  status?: number;
  body: z.input<R['response']>;
}

export type Handlers = { [K in OperationId]: (input: HandlerInput<(typeof ROUTES)[K]>) => HandlerResult<(typeof ROUTES)[K]> | Promise<HandlerResult<(typeof ROUTES)[K]>> };
