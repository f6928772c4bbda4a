import type { AgencyHttpClient } from './http';
import { AppointmentsClient } from './jpj';
import {
  BranchesResponseSchema,
  PassportApplicationSchema,
  PassportApplicationsResponseSchema,
  PassportEligibilityResponseSchema,
  PassportResponseSchema,
  TravelRestrictionsResponseSchema,
  type Branch,
  type Passport,
  type PassportApplication,
  type PassportEligibility,
  type TravelRestrictions,
} from './schemas';

export type Concession = 'STUDENT_ABROAD' | 'HAJJ' | 'OKU';

/**
 * JIM: passport renewal (eligibility, fee category, application, status), travel restrictions and
 * counter appointments. Personal data needs the verification token for the same MyKad.
 */
export class JimClient {
  readonly appointments: AppointmentsClient;

  constructor(private readonly http: AgencyHttpClient) {
    this.appointments = new AppointmentsClient(http);
  }

  async getPassport(token: string, ic: string): Promise<Passport | null> {
    return (await this.http.get('/passport', PassportResponseSchema, { token, query: { ic } })).passport;
  }

  /** Online eligibility, category and fee; `concession` is a claimed student/Hajj/OKU rate. */
  passportEligibility(token: string, ic: string, concession?: Concession): Promise<PassportEligibility> {
    return this.http.get('/passport/eligibility', PassportEligibilityResponseSchema, { token, query: { ic, concession } });
  }

  async collectionOffices(): Promise<Branch[]> {
    return (await this.http.get('/passport/offices', BranchesResponseSchema)).branches;
  }

  renewPassport(token: string, input: { ic: string; collectionOfficeId: string; paymentId?: string; concession?: Concession }, idempotencyKey: string): Promise<PassportApplication> {
    return this.http.post('/passport/renew', input, PassportApplicationSchema, { token, idempotencyKey });
  }

  async listApplications(token: string, ic: string): Promise<PassportApplication[]> {
    return (await this.http.get('/passport/applications', PassportApplicationsResponseSchema, { token, query: { ic } })).applications;
  }

  applicationStatus(token: string, ic: string, applicationId: string): Promise<PassportApplication> {
    return this.http.get(`/passport/applications/${encodeURIComponent(applicationId)}`, PassportApplicationSchema, { token, query: { ic } });
  }

  travelRestrictions(token: string, ic: string): Promise<TravelRestrictions> {
    return this.http.get('/travel-restrictions', TravelRestrictionsResponseSchema, { token, query: { ic } });
  }
}
