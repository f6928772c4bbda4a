import type { Funnel } from '../observability/funnel';
import type { Logger } from '../observability/logger';
import type { FlowDefinition } from './definition';
import type { PaymentPort } from './ports';
import { isUndelivered, type Resolution, type TransactionRecord, type TransactionStatus, type TransactionStore } from './transactions';
import type { ServiceId } from './types';

/** After this many failed executions the reconciler stops retrying and an operator is needed. */
export const MAX_EXECUTION_ATTEMPTS = 10;

export class TransactionNotFoundError extends Error {
  override readonly name = 'TransactionNotFoundError';
  constructor(readonly ref: string) {
    super(`no transaction ${ref}`);
  }
}

/** A refund was asked for, but the last try delivered the service: the receipt goes out instead. */
export class DeliveredMeanwhileError extends Error {
  override readonly name = 'DeliveredMeanwhileError';
  constructor(readonly record: TransactionRecord) {
    super(`transaction ${record.ref} was delivered on the last try`);
  }
}

/** The transaction is past what was asked of it (already completed or resolved, or never paid). */
export class TransactionClosedError extends Error {
  override readonly name = 'TransactionClosedError';
  constructor(
    readonly ref: string,
    readonly status: TransactionStatus,
  ) {
    super(`transaction ${ref} is ${status}`);
  }
}

/**
 * Turns a paid payment into exactly one completed agency transaction. Every path that learns of a
 * payment — the gateway's signed callback, the citizen saying "dah bayar", the reconciler after a
 * restart — calls settle(); the per-transaction lock and the agency's idempotency key make the
 * second caller a no-op.
 */
export class Settlement {
  constructor(
    private readonly deps: {
      transactions: TransactionStore;
      payments: PaymentPort;
      funnel: Funnel;
      flowOf: (service: ServiceId) => FlowDefinition | undefined;
      agencies: unknown;
      logger: Logger;
    },
  ) {}

  /** `wait: false` (the reconciler) skips a transaction another caller is settling right now. */
  async settle(ref: string, options: { wait?: boolean } = {}): Promise<TransactionRecord | undefined> {
    const { transactions } = this.deps;
    return transactions.exclusive(ref, async () => {
      const record = await transactions.get(ref);
      if (!record || record.status === 'completed' || record.status === 'resolved') return record;

      if ((record.status === 'awaiting_payment' || record.status === 'payment_failed') && record.paymentId) {
        const payment = await this.deps.payments.status(record.paymentId);
        if (payment.state === 'paid' && payment.amount === record.amount) {
          record.status = 'paid';
          await transactions.save(record);
          await this.deps.funnel.record({ service: record.service, lang: record.lang, stage: 'paid' });
        } else if (payment.state === 'cancelled' || payment.state === 'failed') {
          record.status = 'payment_failed';
          await transactions.save(record);
          return record;
        } else {
          return record;
        }
      }

      // status is 'paid' (or 'failed' = paid but the agency call failed earlier): execute, idempotently.
      const flow = this.deps.flowOf(record.service);
      if (!flow?.execute || !record.paymentId) return record;
      try {
        record.receipt = await flow.execute(this.deps.agencies, {
          request: record.request,
          paymentId: record.paymentId,
          idempotencyKey: `exec-${record.ref}`,
        });
        // Read again before writing: an operator closes transactions too, under the same lock, but
        // a lease can be lost (a paused process); never overwrite their decision.
        const now = await transactions.get(record.ref);
        if (now?.status === 'resolved') {
          this.deps.logger.error({ ref: record.ref, service: record.service, outcome: now.resolution?.outcome }, 'agency delivered a transaction an operator had already closed; check the refund');
          return now;
        }
        record.status = 'completed';
        record.failure = undefined;
        await transactions.save(record);
        await this.deps.funnel.record({ service: record.service, lang: record.lang, stage: 'completed' });
      } catch (err) {
        record.status = 'failed';
        record.failure = err instanceof Error ? err.name : 'error';
        record.attempts = (record.attempts ?? 0) + 1;
        await transactions.save(record);
        if (record.attempts >= MAX_EXECUTION_ATTEMPTS) {
          // Paid but not deliverable by retrying: a person must look (refund or complete by hand).
          this.deps.logger.error({ err, ref: record.ref, service: record.service, attempts: record.attempts }, 'paid transaction still not executed; needs an operator');
        } else {
          this.deps.logger.warn({ err, ref: record.ref, service: record.service, attempts: record.attempts }, 'paid transaction not executed yet; will retry');
        }
      }
      return record;
    }, options);
  }

  /**
   * An operator's "try again now": settle() even after the reconciler gave up. Still exactly once:
   * the same lock and idempotency key as every other path.
   */
  async retry(ref: string): Promise<TransactionRecord> {
    const record = await this.deps.transactions.get(ref);
    if (!record) throw new TransactionNotFoundError(ref);
    if (record.status === 'completed' || record.status === 'resolved') throw new TransactionClosedError(ref, record.status);
    return (await this.settle(ref)) ?? record;
  }

  /**
   * An operator closes a paid, undelivered transaction by hand (refunded, or completed at the
   * counter). Under the transaction's lock, so a settle in flight finishes first and none follows.
   */
  async resolve(ref: string, resolution: Omit<Resolution, 'at' | 'by'>): Promise<TransactionRecord> {
    const { transactions } = this.deps;
    const before = await transactions.get(ref);
    if (!before) throw new TransactionNotFoundError(ref);
    if (!isUndelivered(before)) throw new TransactionClosedError(ref, before.status);
    if (resolution.outcome === 'refunded') {
      // One last try first, with the same idempotency key: an attempt that timed out may have been
      // carried out by the agency after all, and then the citizen has the service — no refund.
      const settled = await this.settle(ref);
      if (settled?.status === 'completed') throw new DeliveredMeanwhileError(settled);
    }
    const resolved = await transactions.exclusive(ref, async () => {
      const record = await transactions.get(ref);
      if (!record) throw new TransactionNotFoundError(ref);
      if (!isUndelivered(record)) throw new TransactionClosedError(ref, record.status);
      record.status = 'resolved';
      record.resolution = { outcome: resolution.outcome, note: resolution.note, by: 'admin', at: new Date().toISOString() };
      await transactions.save(record);
      this.deps.logger.info({ ref, service: record.service, outcome: resolution.outcome }, 'paid transaction resolved by an operator');
      return record;
    });
    return resolved!;
  }

  /** Finishes every transaction that was paid but not completed (after a crash or an agency outage). */
  async reconcile(): Promise<TransactionRecord[]> {
    const stuck = await this.deps.transactions.pending(MAX_EXECUTION_ATTEMPTS);
    const settled: TransactionRecord[] = [];
    for (const record of stuck) {
      const result = await this.settle(record.ref, { wait: false }).catch(() => undefined);
      if (result?.status === 'completed') settled.push(result);
    }
    return settled;
  }
}
