import type { AgencyHttpClient } from './http';
import {
  AppointmentSchema,
  BranchesResponseSchema,
  DemeritResponseSchema,
  LicenceEligibilityResponseSchema,
  LicenceRenewResponseSchema,
  LicenceResponseSchema,
  RoadTaxEligibilityResponseSchema,
  RoadTaxRateResponseSchema,
  RoadTaxRenewResponseSchema,
  SlotsResponseSchema,
  SummonsListResponseSchema,
  SummonsPayResponseSchema,
  VehicleListResponseSchema,
  VehicleSchema,
  type Appointment,
  type Branch,
  type DemeritStanding,
  type Licence,
  type LicenceEligibility,
  type LicenceRenewal,
  type RoadTaxEligibility,
  type RoadTaxRenewal,
  type SummonsList,
  type SummonsPayment,
  type Vehicle,
} from './schemas';
import type { z } from 'zod';

type Slots = z.infer<typeof SlotsResponseSchema>;
type RoadTaxRates = z.infer<typeof RoadTaxRateResponseSchema>;

/** Counter appointments; the same API shape at JPJ and JIM (`/appointments/...` under each agency). */
export class AppointmentsClient {
  constructor(private readonly http: AgencyHttpClient) {}

  async branches(): Promise<Branch[]> {
    return (await this.http.get('/appointments/branches', BranchesResponseSchema)).branches;
  }

  /** Free slots over the next `days` working days (default 5), times in Malaysia time (+08:00). */
  slots(branchId: string, days?: number): Promise<Slots> {
    return this.http.get('/appointments/slots', SlotsResponseSchema, { query: { branchId, days } });
  }

  book(token: string, input: { ic: string; branchId: string; start: string; purpose: string }, idempotencyKey: string): Promise<Appointment> {
    return this.http.post('/appointments', input, AppointmentSchema, { token, idempotencyKey });
  }

  cancel(token: string, ic: string, appointmentId: string, idempotencyKey: string): Promise<Appointment> {
    return this.http.post(`/appointments/${encodeURIComponent(appointmentId)}/cancel`, { ic }, AppointmentSchema, { token, idempotencyKey });
  }
}

const plate = (p: string) => encodeURIComponent(p.replace(/\s+/g, '').toUpperCase());

/**
 * JPJ: vehicles and road tax (LKM), driving licence (LMM), summonses, KEJARA points, appointments.
 * Personal data needs the verification token for the same MyKad. Eligibility answers are data
 * (`eligible`, typed `reasons`); a refused renewal is AgencyRefusedError code NOT_ELIGIBLE with
 * details.reasons, or a payment problem (PAYMENT_NOT_PAID, PAYMENT_AMOUNT_MISMATCH, PAYMENT_ALREADY_USED).
 */
export class JpjClient {
  readonly appointments: AppointmentsClient;

  constructor(private readonly http: AgencyHttpClient) {
    this.appointments = new AppointmentsClient(http);
  }

  async listVehicles(token: string, ic: string): Promise<Vehicle[]> {
    return (await this.http.get('/vehicles', VehicleListResponseSchema, { token, query: { ic } })).vehicles;
  }

  /** A vehicle the MyKad owns; AgencyRefusedError VEHICLE_NOT_FOUND (404) otherwise. */
  getVehicle(token: string, ic: string, plateNumber: string): Promise<Vehicle> {
    return this.http.get(`/vehicles/${plate(plateNumber)}`, VehicleSchema, { token, query: { ic } });
  }

  /** Public rate calculator (no personal data). */
  roadTaxRates(input: { zone: string; bodyType: string; engineCc: number; fuel?: string }): Promise<RoadTaxRates> {
    return this.http.get('/roadtax/rates', RoadTaxRateResponseSchema, { query: input });
  }

  roadTaxEligibility(token: string, ic: string, plateNumber: string): Promise<RoadTaxEligibility> {
    return this.http.get(`/vehicles/${plate(plateNumber)}/roadtax/eligibility`, RoadTaxEligibilityResponseSchema, { token, query: { ic } });
  }

  renewRoadTax(token: string, input: { ic: string; plate: string; months: 6 | 12; paymentId?: string }, idempotencyKey: string): Promise<RoadTaxRenewal> {
    const { plate: plateNumber, ...body } = input;
    return this.http.post(`/vehicles/${plate(plateNumber)}/roadtax/renew`, body, RoadTaxRenewResponseSchema, { token, idempotencyKey });
  }

  async getLicence(token: string, ic: string): Promise<Licence | null> {
    return (await this.http.get('/licence', LicenceResponseSchema, { token, query: { ic } })).licence;
  }

  /** Eligibility and the quote for `years` (1–10, default 1). */
  licenceEligibility(token: string, ic: string, years?: number): Promise<LicenceEligibility> {
    return this.http.get('/licence/eligibility', LicenceEligibilityResponseSchema, { token, query: { ic, years } });
  }

  renewLicence(token: string, input: { ic: string; years: number; paymentId?: string }, idempotencyKey: string): Promise<LicenceRenewal> {
    return this.http.post('/licence/renew', input, LicenceRenewResponseSchema, { token, idempotencyKey });
  }

  /** Unpaid summonses (optionally of one plate the MyKad owns) with today's amount due. */
  listSummonses(token: string, ic: string, options: { plate?: string; includePaid?: boolean } = {}): Promise<SummonsList> {
    return this.http.get('/summonses', SummonsListResponseSchema, {
      token,
      query: { ic, plate: options.plate, includePaid: options.includePaid === undefined ? undefined : String(options.includePaid) },
    });
  }

  /** The payment must be PAID for exactly the sum of the amounts due today. */
  paySummonses(token: string, input: { ic: string; summonsIds: string[]; paymentId: string }, idempotencyKey: string): Promise<SummonsPayment> {
    return this.http.post('/summonses/pay', input, SummonsPayResponseSchema, { token, idempotencyKey });
  }

  demerit(token: string, ic: string): Promise<DemeritStanding> {
    return this.http.get('/demerit', DemeritResponseSchema, { token, query: { ic } });
  }
}
