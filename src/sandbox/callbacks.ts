import type { PaymentCallback } from '../agencies/schemas';
import { PAYMENT_SIGNATURE_HEADER, signPaymentCallback } from '../agencies/payments';
import type { Logger } from '../observability/logger';
import type { PaymentRecord } from './state';

export interface CallbackOptions {
  secret: string;
  /** Delivery attempts in total (first try included). */
  attempts?: number;
  /** Wait before the 2nd attempt; doubled each time, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Delivers the gateway's callback to the merchant (the bot): a JSON POST signed with HMAC-SHA256,
 * retried with exponential backoff until a 2xx or the attempts run out — like a real gateway, which
 * keeps trying because the merchant may be restarting. Signatures use the real clock, because the
 * receiver checks freshness against its own clock, not the sandbox's.
 */
export class CallbackSender {
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly options: CallbackOptions,
    private readonly logger: Logger,
  ) {
    this.attempts = options.attempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  deliver(payment: PaymentRecord, body: PaymentCallback, nowMs: () => number): void {
    const run = this.run(payment, JSON.stringify(body), nowMs).finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** Resolves when every delivery in flight has succeeded or given up (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(payment: PaymentRecord, raw: string, nowMs: () => number): Promise<void> {
    for (let attempt = 1; attempt <= this.attempts && !this.closed; attempt += 1) {
      payment.callback.attempts = attempt;
      try {
        const response = await this.fetchImpl(payment.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PAYMENT_SIGNATURE_HEADER]: signPaymentCallback(raw, this.options.secret) },
          body: raw,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        payment.callback.lastStatus = response.status;
        await response.body?.cancel().catch(() => undefined);
        if (response.ok) {
          payment.callback.deliveredAtMs = nowMs();
          return;
        }
      } catch (error) {
        payment.callback.lastStatus = null;
        this.logger.warn({ paymentId: payment.paymentId, attempt, err: error }, 'payment callback delivery failed');
      }
      if (attempt < this.attempts) await this.sleep(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
    }
    if (!payment.callback.deliveredAtMs) this.logger.error({ paymentId: payment.paymentId, attempts: payment.callback.attempts }, 'payment callback never acknowledged');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
