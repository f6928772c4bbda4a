import { z } from 'zod';
import { REASON_CODES } from './reasons';

/**
 * The wire contract of the agency APIs (JPJ, JIM, identity, payments), as zod schemas. The sandbox
 * validates requests and builds responses with them, the clients validate every reply with them, and
 * openapi/sandbox.json is generated from them — one definition, so the three cannot drift apart.
 * Money is ringgit as a string with two places ("378.50"); dates are YYYY-MM-DD; times are ISO 8601.
 */

// ---------- building blocks ----------
export const MyKadSchema = z.string().regex(/^\d{6}-?\d{2}-?\d{4}$/, 'a MyKad number, 12 digits (dashes optional)').describe('MyKad number');
export const PlateSchema = z.string().regex(/^[A-Za-z0-9 ]{2,12}$/, 'a vehicle registration number').describe('vehicle registration number, e.g. WXY 1234');
export const RinggitSchema = z.string().regex(/^\d{1,9}\.\d{2}$/, 'ringgit with two decimal places').describe('amount in ringgit, e.g. "378.50"');
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').describe('date, YYYY-MM-DD');
export const TimestampSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
export const BilingualSchema = z.object({ ms: z.string(), en: z.string() });
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an identifier');

export const ReasonSchema = z.object({
  code: z.enum(REASON_CODES),
  summonsIds: z.array(z.string()).optional(),
  expiredOn: z.string().optional(),
  insuranceExpiredOn: z.string().optional(),
  age: z.number().int().optional(),
  licenceType: z.string().optional(),
  licenceClass: z.string().optional(),
  restriction: z.string().optional(),
  concession: z.string().optional(),
  why: z.string().optional(),
});

/** Every 4xx/5xx reply of every agency: `{"error":{"code","message","details"}}`. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

export const IcQuerySchema = z.object({ ic: MyKadSchema });
const yesNo = z.enum(['true', 'false']);

// ---------- identity ----------
export const OtpSendBodySchema = z.object({ ic: MyKadSchema });
/** Identical whether or not the MyKad is on record, so the reply never reveals that a person exists. */
export const OtpSendResponseSchema = z.object({ requestId: IdSchema, expiresInSeconds: z.number().int(), channel: z.literal('SMS') });
/** Identify the code by the requestId from "send", or by the MyKad (its latest code). */
export const OtpVerifyBodySchema = z
  .object({ requestId: IdSchema.optional(), ic: MyKadSchema.optional(), code: z.string().regex(/^\d{6}$/, 'six digits') })
  .refine((b) => b.requestId !== undefined || b.ic !== undefined, { message: 'requestId or ic is required', path: ['requestId'] });
export const OtpVerifyResponseSchema = z.object({ token: z.string(), expiresAt: TimestampSchema });

// ---------- JPJ: vehicles and road tax ----------
export const ZoneSchema = z.enum(['PENINSULAR', 'SABAH_SARAWAK', 'LABUAN', 'LANGKAWI_PANGKOR']);
export const BodyTypeSchema = z.enum(['SALOON', 'NON_SALOON', 'MOTORCYCLE']);
export const FuelSchema = z.enum(['PETROL', 'DIESEL', 'ELECTRIC']);
export const OwnerTypeSchema = z.enum(['INDIVIDUAL', 'COMPANY']);
export const MonthsSchema = z.union([z.literal(6), z.literal(12)]);

export const VehicleSchema = z.object({
  plate: z.string(),
  make: z.string(),
  model: z.string(),
  bodyType: BodyTypeSchema,
  engineCc: z.number().int(),
  zone: ZoneSchema,
  fuel: FuelSchema,
  ownerType: OwnerTypeSchema,
  roadTaxExpiry: IsoDateSchema,
  insuranceExpiry: IsoDateSchema.nullable(),
  insuranceValid: z.boolean(),
  blacklisted: z.boolean(),
});
export const VehicleListResponseSchema = z.object({ vehicles: z.array(VehicleSchema) });

export const RoadTaxQuoteSchema = z.object({
  months: MonthsSchema,
  amount: RinggitSchema,
  annual: RinggitSchema,
  base: RinggitSchema,
  progressive: RinggitSchema,
  perCc: RinggitSchema,
  ccAboveFloor: z.number().int(),
  band: z.string(),
});
export const RoadTaxRateQuerySchema = z.object({
  zone: ZoneSchema,
  bodyType: BodyTypeSchema,
  engineCc: z.coerce.number().int().positive(),
  fuel: FuelSchema.optional(),
});
export const RoadTaxRateResponseSchema = z.object({ supported: z.boolean(), why: z.string().nullable(), quotes: z.array(RoadTaxQuoteSchema) });
export const RoadTaxEligibilityResponseSchema = z.object({
  plate: z.string(),
  eligible: z.boolean(),
  reasons: z.array(ReasonSchema),
  currentExpiry: IsoDateSchema,
  /** The fee for 6 and 12 months, also when refused ("the fee would be RM378.50"), when the rate is known. */
  quotes: z.array(RoadTaxQuoteSchema),
});
export const RoadTaxRenewBodySchema = z.object({ ic: MyKadSchema, months: MonthsSchema, paymentId: IdSchema.optional() });
export const RoadTaxRenewResponseSchema = z.object({
  transactionId: z.string(),
  reference: z.string(),
  plate: z.string(),
  months: MonthsSchema,
  validFrom: IsoDateSchema,
  validTo: IsoDateSchema,
  amount: RinggitSchema,
});

// ---------- JPJ: driving licence ----------
export const LicenceTypeSchema = z.enum(['CDL', 'PDL', 'GDL', 'PSV']);
export const LicenceSchema = z.object({
  type: LicenceTypeSchema,
  licenceClass: z.string(),
  expiry: IsoDateSchema,
  status: z.enum(['VALID', 'EXPIRED', 'VOID']),
  restrictions: z.array(z.string()),
});
export const LicenceResponseSchema = z.object({ licence: LicenceSchema.nullable() });
export const LicenceEligibilityQuerySchema = z.object({ ic: MyKadSchema, years: z.coerce.number().int().min(1).max(10).optional() });
export const LicenceQuoteSchema = z.object({
  years: z.number().int(),
  yearly: RinggitSchema,
  discount: RinggitSchema,
  amount: RinggitSchema,
  newExpiry: IsoDateSchema,
});
export const LicenceEligibilityResponseSchema = z.object({
  eligible: z.boolean(),
  reasons: z.array(ReasonSchema),
  licence: LicenceSchema.nullable(),
  quote: LicenceQuoteSchema.nullable(),
});
export const LicenceRenewBodySchema = z.object({ ic: MyKadSchema, years: z.number().int().min(1).max(10), paymentId: IdSchema.optional() });
export const LicenceRenewResponseSchema = z.object({
  transactionId: z.string(),
  reference: z.string(),
  licenceClass: z.string(),
  years: z.number().int(),
  newExpiry: IsoDateSchema,
  amount: RinggitSchema,
});

// ---------- JPJ: summonses and demerit points ----------
export const SummonsStageSchema = z.enum(['EARLY_50', 'EARLY_33', 'FULL', 'BLACKLISTED']);
export const SummonsSchema = z.object({
  id: z.string(),
  plate: z.string().nullable(),
  offence: BilingualSchema,
  offenceDate: IsoDateSchema,
  compound: RinggitSchema,
  amountDue: RinggitSchema,
  discountPercent: z.number().int(),
  daysSinceOffence: z.number().int(),
  stage: SummonsStageSchema,
  blacklisted: z.boolean(),
  payableOnline: z.boolean(),
  status: z.enum(['UNPAID', 'PAID']),
  paidAt: TimestampSchema.nullable(),
});
export const SummonsQuerySchema = z.object({ ic: MyKadSchema, plate: PlateSchema.optional(), includePaid: yesNo.optional() });
export const SummonsListResponseSchema = z.object({ summonses: z.array(SummonsSchema), totalDue: RinggitSchema });
export const SummonsPayBodySchema = z.object({ ic: MyKadSchema, summonsIds: z.array(z.string().min(1)).min(1).max(50), paymentId: IdSchema });
export const SummonsPayResponseSchema = z.object({
  transactionId: z.string(),
  reference: z.string(),
  summonsIds: z.array(z.string()),
  amount: RinggitSchema,
  /** Plates whose road tax blacklist this payment lifted. */
  blacklistLifted: z.array(z.string()),
});
export const DemeritResponseSchema = z.object({
  points: z.number().int(),
  licenceType: LicenceTypeSchema.nullable(),
  stage: z.enum(['NONE', 'WARNING', 'SUSPENSION_1', 'SUSPENSION_2', 'SUSPENSION_3', 'SUSPENSION_FURTHER', 'PDL_REVOKED']),
  pointsToNextStage: z.number().int().nullable(),
  nextStage: z.string().nullable(),
  suspensionMonths: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
});

// ---------- appointments (JPJ and JIM) ----------
export const BranchSchema = z.object({ id: IdSchema, name: z.string(), state: z.string(), address: z.string() });
export const BranchesResponseSchema = z.object({ branches: z.array(BranchSchema) });
export const SlotsQuerySchema = z.object({ branchId: IdSchema, days: z.coerce.number().int().min(1).max(10).optional() });
export const SlotSchema = z.object({ start: TimestampSchema, free: z.number().int() });
export const SlotsResponseSchema = z.object({ branch: BranchSchema, slots: z.array(SlotSchema) });
export const AppointmentBookBodySchema = z.object({
  ic: MyKadSchema,
  branchId: IdSchema,
  start: TimestampSchema,
  /** What the visit is for: a service id (jpj.licence.renew) or the refusal code that sent the citizen. */
  purpose: z.string().min(1).max(64),
});
export const AppointmentSchema = z.object({
  appointmentId: z.string(),
  reference: z.string(),
  agency: z.enum(['JPJ', 'JIM']),
  branch: BranchSchema,
  start: TimestampSchema,
  purpose: z.string(),
  status: z.enum(['BOOKED', 'CANCELLED']),
});
export const AppointmentCancelBodySchema = z.object({ ic: MyKadSchema });
export const AppointmentParamsSchema = z.object({ appointmentId: IdSchema });

// ---------- JIM: passport and travel ----------
export const PassportCategorySchema = z.enum(['STANDARD', 'SENIOR', 'CHILD', 'STUDENT_ABROAD', 'HAJJ', 'OKU']);
export const ConcessionSchema = z.enum(['STUDENT_ABROAD', 'HAJJ', 'OKU']);
export const PassportSchema = z.object({
  number: z.string(),
  chip: z.boolean(),
  condition: z.enum(['GOOD', 'DAMAGED', 'LOST']),
  expiry: IsoDateSchema,
});
export const PassportResponseSchema = z.object({ passport: PassportSchema.nullable() });
export const PassportEligibilityQuerySchema = z.object({ ic: MyKadSchema, concession: ConcessionSchema.optional() });
export const PassportEligibilityResponseSchema = z.object({
  eligible: z.boolean(),
  reasons: z.array(ReasonSchema),
  age: z.number().int(),
  category: PassportCategorySchema,
  fee: RinggitSchema,
  guardianRequired: z.boolean(),
  passport: PassportSchema.nullable(),
});
export const PassportRenewBodySchema = z.object({
  ic: MyKadSchema,
  collectionOfficeId: IdSchema,
  paymentId: IdSchema.optional(),
  concession: ConcessionSchema.optional(),
});
export const PassportApplicationStatusSchema = z.enum(['SUBMITTED', 'PROCESSING', 'READY_FOR_COLLECTION']);
export const PassportApplicationSchema = z.object({
  applicationId: z.string(),
  transactionId: z.string(),
  status: PassportApplicationStatusSchema,
  category: PassportCategorySchema,
  amount: RinggitSchema,
  collectionOffice: BranchSchema,
  submittedAt: TimestampSchema,
  /** When the passport can be collected (bring the receipt, MyKad and the old passport). */
  readyAt: TimestampSchema,
});
export const PassportApplicationParamsSchema = z.object({ applicationId: IdSchema });
export const PassportApplicationsResponseSchema = z.object({ applications: z.array(PassportApplicationSchema) });
export const TravelRestrictionSchema = z.object({ agency: z.string(), agencyName: BilingualSchema, whatToDo: BilingualSchema });
export const TravelRestrictionsResponseSchema = z.object({ restricted: z.boolean(), restrictions: z.array(TravelRestrictionSchema) });

// ---------- payments (FPX-style gateway) ----------
export const PaymentStatusSchema = z.enum(['PENDING', 'PAID', 'CANCELLED']);
export const PaymentCreateBodySchema = z.object({
  amount: RinggitSchema,
  reference: z.string().min(1).max(64),
  description: z.string().min(1).max(200),
  callbackUrl: z.url({ protocol: /^https?$/ }),
  /** Where the pay page's "back" link goes after paying (the chat). */
  returnUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export const PaymentSchema = z.object({
  paymentId: z.string(),
  status: PaymentStatusSchema,
  amount: RinggitSchema,
  reference: z.string(),
  description: z.string(),
  payUrl: z.url(),
  createdAt: TimestampSchema,
  paidAt: TimestampSchema.nullable(),
  bank: z.string().nullable(),
  /** The agency transaction this payment was spent on (a payment is spent once). */
  usedBy: z.string().nullable(),
});
export const PaymentParamsSchema = z.object({ paymentId: IdSchema });
/** The JSON the gateway POSTs to callbackUrl, signed in X-Payment-Signature. */
export const PaymentCallbackSchema = z.object({
  paymentId: z.string(),
  status: z.enum(['PAID', 'CANCELLED']),
  amount: RinggitSchema,
  reference: z.string(),
  bank: z.string().nullable(),
  at: TimestampSchema,
});

// ---------- sandbox tools (not part of a real agency's API) ----------
export const SmsQuerySchema = z.object({ to: z.string().optional() });
export const SmsResponseSchema = z.object({ messages: z.array(z.object({ to: z.string(), text: z.string(), at: TimestampSchema })) });
export const LedgerServiceSchema = z.enum(['jpj.roadtax.renew', 'jpj.licence.renew', 'jpj.summons.pay', 'jim.passport.renew', 'appointment.book', 'appointment.cancel']);
export const LedgerTransactionSchema = z.object({
  id: z.string(),
  service: LedgerServiceSchema,
  ic: z.string(),
  reference: z.string(),
  amount: RinggitSchema,
  status: z.enum(['COMPLETED', 'FAILED']),
  createdAt: TimestampSchema,
  details: z.record(z.string(), z.unknown()),
});
export const LedgerPaymentSchema = PaymentSchema.extend({
  callbackUrl: z.string(),
  callback: z.object({ attempts: z.number().int(), deliveredAt: TimestampSchema.nullable(), lastStatus: z.number().int().nullable() }),
});
export const LedgerResponseSchema = z.object({ transactions: z.array(LedgerTransactionSchema), payments: z.array(LedgerPaymentSchema) });
export const FaultAgencySchema = z.enum(['jpj', 'jim', 'identity', 'payments']);
export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('error'), status: z.union([z.literal(500), z.literal(502), z.literal(503)]), count: z.number().int().min(1) }),
  z.object({ kind: z.literal('timeout'), count: z.number().int().min(1), hangMs: z.number().int().min(1).max(120_000).optional() }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(1).max(60_000), count: z.number().int().min(1).optional() }),
]);
export const FaultArmBodySchema = z.object({ agency: FaultAgencySchema, fault: FaultSchema });
export const FaultsResponseSchema = z.object({ faults: z.record(z.string(), z.array(FaultSchema)) });
export const ClockAdvanceBodySchema = z.object({ minutes: z.number().int().min(0).max(60 * 24 * 400).optional(), days: z.number().int().min(0).max(400).optional() });
export const ClockResponseSchema = z.object({ now: TimestampSchema, today: IsoDateSchema });
export const OkResponseSchema = z.object({ ok: z.literal(true) });

export type Vehicle = z.infer<typeof VehicleSchema>;
export type RoadTaxQuoteDto = z.infer<typeof RoadTaxQuoteSchema>;
export type RoadTaxEligibility = z.infer<typeof RoadTaxEligibilityResponseSchema>;
export type RoadTaxRenewal = z.infer<typeof RoadTaxRenewResponseSchema>;
export type Licence = z.infer<typeof LicenceSchema>;
export type LicenceEligibility = z.infer<typeof LicenceEligibilityResponseSchema>;
export type LicenceRenewal = z.infer<typeof LicenceRenewResponseSchema>;
export type Summons = z.infer<typeof SummonsSchema>;
export type SummonsList = z.infer<typeof SummonsListResponseSchema>;
export type SummonsPayment = z.infer<typeof SummonsPayResponseSchema>;
export type DemeritStanding = z.infer<typeof DemeritResponseSchema>;
export type Branch = z.infer<typeof BranchSchema>;
export type Slot = z.infer<typeof SlotSchema>;
export type Appointment = z.infer<typeof AppointmentSchema>;
export type Passport = z.infer<typeof PassportSchema>;
export type PassportEligibility = z.infer<typeof PassportEligibilityResponseSchema>;
export type PassportApplication = z.infer<typeof PassportApplicationSchema>;
export type TravelRestrictions = z.infer<typeof TravelRestrictionsResponseSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type PaymentCallback = z.infer<typeof PaymentCallbackSchema>;
export type LedgerTransaction = z.infer<typeof LedgerTransactionSchema>;
export type Ledger = z.infer<typeof LedgerResponseSchema>;
export type Fault = z.infer<typeof FaultSchema>;
export type FaultAgency = z.infer<typeof FaultAgencySchema>;
export type ReasonDto = z.infer<typeof ReasonSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
