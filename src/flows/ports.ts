/**
 * What the flow engine needs from the outside world, as narrow interfaces. src/flows/wiring.ts
 * implements them over the typed agency clients, so the engine can be tested and read alone.
 */

export type OtpCheck =
  | { ok: true; token: string; expiresAt: string }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'expired' | 'locked' };

/** The MyKad is locked out after too many wrong codes: no code can be sent for a while. */
export class OtpLockedError extends Error {
  constructor() {
    super('OTP locked for this MyKad');
    this.name = 'OtpLockedError';
  }
}

export interface IdentityPort {
  /** Sends an OTP to the phone on record; answers the same whether or not the MyKad exists. */
  sendOtp(ic: string): Promise<{ requestId: string }>;
  verifyOtp(input: { requestId: string; ic: string; code: string }): Promise<OtpCheck>;
}

export type PaymentState = 'pending' | 'paid' | 'cancelled' | 'failed';

export interface PaymentPort {
  create(input: { amount: string; reference: string; description: string; callbackUrl: string; returnUrl?: string; idempotencyKey: string }): Promise<{
    paymentId: string;
    payUrl: string;
  }>;
  status(paymentId: string): Promise<{ state: PaymentState; amount: string }>;
}
