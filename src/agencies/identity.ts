import type { z } from 'zod';
import type { AgencyHttpClient } from './http';
import { OtpSendResponseSchema, OtpVerifyResponseSchema } from './schemas';

export type OtpSent = z.infer<typeof OtpSendResponseSchema>;
export type OtpVerified = z.infer<typeof OtpVerifyResponseSchema>;

/**
 * Identity: OTP to the phone on record, and the verification token JPJ and JIM require for personal
 * data. Refusals arrive as AgencyRefusedError with code OTP_INVALID (details.attemptsLeft),
 * OTP_EXPIRED / OTP_USED (410) or OTP_LOCKED (423, details.retryAfterSeconds).
 */
export class IdentityClient {
  constructor(private readonly http: AgencyHttpClient) {}

  /** Same answer whether or not the MyKad is on record. Retried safely under the idempotency key. */
  sendOtp(ic: string, idempotencyKey: string): Promise<OtpSent> {
    return this.http.post('/otp', { ic }, OtpSendResponseSchema, { idempotencyKey });
  }

  /**
   * Checks a code, by the requestId from sendOtp or by MyKad (its latest code). Not retried: every
   * attempt counts towards the lock-out.
   */
  verifyOtp(input: { code: string } & ({ requestId: string; ic?: string } | { ic: string; requestId?: string })): Promise<OtpVerified> {
    return this.http.post('/otp/verify', input, OtpVerifyResponseSchema);
  }
}
