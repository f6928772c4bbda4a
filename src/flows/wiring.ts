import { randomUUID } from 'node:crypto';
import type { AgencyClients } from '../agencies';
import { AgencyAuthError, AgencyError, AgencyRefusedError, citizenMessage } from '../agencies/errors';
import type { Bilingual } from '../i18n/lang';
import { type IdentityPort, type OtpCheck, OtpLockedError, type PaymentPort } from './ports';

/** The engine's identity port over the identity agency client. */
export function identityPort(clients: AgencyClients): IdentityPort {
  return {
    async sendOtp(ic) {
      try {
        // A fresh key per request: "resend" must send a new code, not replay the first answer.
        const sent = await clients.identity.sendOtp(ic, `otp-${randomUUID()}`);
        return { requestId: sent.requestId };
      } catch (err) {
        if (err instanceof AgencyRefusedError && err.code === 'OTP_LOCKED') throw new OtpLockedError();
        throw err;
      }
    },
    async verifyOtp({ requestId, ic, code }): Promise<OtpCheck> {
      try {
        const verified = await clients.identity.verifyOtp({ requestId, ic, code });
        return { ok: true, token: verified.token, expiresAt: verified.expiresAt };
      } catch (err) {
        if (!(err instanceof AgencyRefusedError)) throw err;
        if (err.code === 'OTP_LOCKED') return { ok: false, reason: 'locked' };
        if (err.code === 'OTP_EXPIRED' || err.code === 'OTP_USED') return { ok: false, reason: 'expired' };
        const left = Number(err.details.attemptsLeft ?? 0);
        return left > 0 ? { ok: false, reason: 'wrong', attemptsLeft: left } : { ok: false, reason: 'locked' };
      }
    },
  };
}

/** The engine's payment port over the payment gateway client. */
export function paymentPort(clients: AgencyClients): PaymentPort {
  return {
    async create({ idempotencyKey, ...input }) {
      const payment = await clients.payments.create(input, idempotencyKey);
      return { paymentId: payment.paymentId, payUrl: payment.payUrl };
    },
    async status(paymentId) {
      const payment = await clients.payments.get(paymentId);
      const state = payment.status === 'PAID' ? 'paid' : payment.status === 'CANCELLED' ? 'cancelled' : 'pending';
      return { state, amount: payment.amount };
    },
  };
}

/** What the citizen is told when an agency call fails; undefined = not an agency problem (a bug). */
export function explainAgencyError(err: unknown): Bilingual | undefined {
  return err instanceof AgencyError ? citizenMessage(err) : undefined;
}

export function isVerificationExpired(err: unknown): boolean {
  return err instanceof AgencyAuthError;
}
