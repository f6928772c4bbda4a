import { randomInt } from 'node:crypto';
import { SandboxHttpError } from '../errors';
import { normaliseMyKad } from '../records';
import type { Handlers } from '../contract';
import type { SandboxDeps } from './deps';

/**
 * OTP to the phone on record. The reply to "send" is the same whether or not the MyKad is on record
 * (an unknown MyKad gets a request id whose code nobody receives), so the API cannot be used to find
 * out who has a record. Wrong codes count per MyKad: after `otpMaxAttempts` the MyKad is locked out.
 */
export function identityHandlers(deps: SandboxDeps): Pick<Handlers, 'identitySendOtp' | 'identityVerifyOtp'> {
  const { state, clock } = deps;

  const lockedUntil = (ic: string): number => {
    const entry = state.otpFailures.get(ic);
    return entry && entry.lockedUntilMs > clock.nowMs() ? entry.lockedUntilMs : 0;
  };
  const lockedError = (until: number) =>
    new SandboxHttpError(423, 'OTP_LOCKED', 'Too many wrong codes. Try again later.', { retryAfterSeconds: Math.ceil((until - clock.nowMs()) / 1000) });

  const latestFor = (ic: string) => [...state.otps.values()].filter((o) => o.ic === ic).at(-1);

  return {
    identitySendOtp: ({ body }) => {
      const ic = normaliseMyKad(body.ic);
      const until = lockedUntil(ic);
      if (until) throw lockedError(until);
      const citizen = state.citizen(ic);
      const requestId = state.randomId('otp');
      const code = citizen ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;
      state.otps.set(requestId, { requestId, ic, code, expiresAtMs: clock.nowMs() + deps.otpTtlMs, used: false });
      if (citizen && code) {
        const minutes = Math.round(deps.otpTtlMs / 60_000);
        state.sms.push({
          to: citizen.phone,
          at: clock.iso(),
          text:
            `Khidmat: Kod pengesahan anda ialah ${code}. Sah selama ${minutes} minit. Jangan kongsi kod ini dengan sesiapa. / ` +
            `Your verification code is ${code}. Valid for ${minutes} minutes. Do not share this code with anyone.`,
        });
      }
      return { status: 202, body: { requestId, expiresInSeconds: Math.round(deps.otpTtlMs / 1000), channel: 'SMS' as const } };
    },

    identityVerifyOtp: ({ body }) => {
      const otp = body.requestId !== undefined ? state.otps.get(body.requestId) : latestFor(normaliseMyKad(body.ic!));
      if (!otp) throw new SandboxHttpError(422, 'OTP_INVALID', 'The code is not correct.', { attemptsLeft: 0 });
      const until = lockedUntil(otp.ic);
      if (until) throw lockedError(until);
      if (otp.used) throw new SandboxHttpError(410, 'OTP_USED', 'This code has already been used. Ask for a new one.');
      if (otp.expiresAtMs <= clock.nowMs()) throw new SandboxHttpError(410, 'OTP_EXPIRED', 'The code has expired. Ask for a new one.');
      if (otp.code === null || otp.code !== body.code) {
        const failures = state.otpFailures.get(otp.ic) ?? { count: 0, lockedUntilMs: 0 };
        failures.count += 1;
        if (failures.count >= deps.otpMaxAttempts) {
          failures.count = 0;
          failures.lockedUntilMs = clock.nowMs() + deps.otpLockMs;
          state.otpFailures.set(otp.ic, failures);
          // The lock-out also retires every code already sent to this MyKad.
          for (const other of state.otps.values()) if (other.ic === otp.ic) other.used = true;
          throw lockedError(failures.lockedUntilMs);
        }
        state.otpFailures.set(otp.ic, failures);
        throw new SandboxHttpError(422, 'OTP_INVALID', 'The code is not correct.', { attemptsLeft: deps.otpMaxAttempts - failures.count });
      }
      otp.used = true;
      state.otpFailures.delete(otp.ic);
      const { token, expiresAtMs } = deps.tokens.issue(otp.ic);
      return { body: { token, expiresAt: clock.iso(expiresAtMs) } };
    },
  };
}
