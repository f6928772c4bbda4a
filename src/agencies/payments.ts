import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AgencyHttpClient } from './http';
import { PaymentSchema, type Payment } from './schemas';

/**
 * Payment gateway callbacks are signed like Stripe's webhooks: header
 * `X-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The timestamp is
 * inside the MAC, so an old callback cannot be replayed outside the tolerance window.
 */
export const PAYMENT_SIGNATURE_HEADER = 'x-payment-signature';

function mac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

export function signPaymentCallback(body: string, secret: string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${mac(secret, t, body)}`;
}

/** True only for a well-formed header whose MAC matches and whose time is within the tolerance. */
export function verifyPaymentCallback(
  rawBody: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, t, rawBody), 'hex');
  // Every candidate is compared in constant time (no early exit on the first mismatching byte).
  return signatures.map((s) => timingSafeEqual(expected, Buffer.from(s, 'hex'))).includes(true);
}

/**
 * The FPX-style payment gateway: create a payment (the citizen pays on payUrl), read its status. The
 * outcome also arrives as a signed callback (verify it with verifyPaymentCallback).
 */
export class PaymentsClient {
  constructor(private readonly http: AgencyHttpClient) {}

  create(input: { amount: string; reference: string; description: string; callbackUrl: string; returnUrl?: string }, idempotencyKey: string): Promise<Payment> {
    return this.http.post('', input, PaymentSchema, { idempotencyKey });
  }

  get(paymentId: string): Promise<Payment> {
    return this.http.get(`/${encodeURIComponent(paymentId)}`, PaymentSchema);
  }
}
