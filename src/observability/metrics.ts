import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FunnelEvent } from './funnel';

/**
 * Prometheus metrics of one app instance (its own registry, so two apps in one test process do not
 * collide). Counters here are per process; the persisted funnel in the key-value store is what
 * reports and the dashboard read.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly funnel = new Counter({ name: 'khidmat_funnel_events_total', help: 'E2E funnel stages reached, by service and language', labelNames: ['service', 'lang', 'stage'], registers: [this.registry] });
  readonly turns = new Histogram({
    name: 'khidmat_turn_duration_seconds',
    help: 'Time to process one inbound activity, by channel',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly agencyCalls = new Histogram({
    name: 'khidmat_agency_call_duration_seconds',
    help: 'Agency API calls (after retries), by agency and outcome',
    labelNames: ['agency', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly agencyErrors = new Counter({ name: 'khidmat_agency_errors_total', help: 'Agency calls that failed (unavailable or malformed)', labelNames: ['agency'], registers: [this.registry] });
  readonly handoffs = new Counter({ name: 'khidmat_handoffs_total', help: 'Handoffs to officers, by what happened', labelNames: ['event'], registers: [this.registry] });
  readonly unanswered = new Counter({ name: 'khidmat_unanswered_questions_total', help: 'Questions the knowledge base could not answer', labelNames: ['lang'], registers: [this.registry] });
  /** Shared state (the transaction store), so counted at scrape time rather than per process. */
  readonly paymentsNeedingAttention = new Gauge({
    name: 'khidmat_payments_needing_attention',
    help: 'Paid transactions not delivered: still retried by the reconciler, or given up (an operator must act)',
    labelNames: ['state'],
    registers: [this.registry],
    collect: async () => {
      // A storage hiccup keeps the last value rather than failing the whole scrape.
      const counts = await this.countPaymentsNeedingAttention?.().catch(() => undefined);
      if (!counts) return;
      this.paymentsNeedingAttention.set({ state: 'retrying' }, counts.retrying);
      this.paymentsNeedingAttention.set({ state: 'gave_up' }, counts.gaveUp);
    },
  });
  private countPaymentsNeedingAttention?: () => Promise<{ retrying: number; gaveUp: number }>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'khidmat_' });
  }

  watchPaymentsNeedingAttention(count: () => Promise<{ retrying: number; gaveUp: number }>): void {
    this.countPaymentsNeedingAttention = count;
  }

  recordFunnel = (event: FunnelEvent): void => {
    this.funnel.inc({ service: event.service, lang: event.lang, stage: event.stage });
  };

  recordAgencyCall = (event: { agency: string; ms: number; outcome: 'ok' | 'refused' | 'error' }): void => {
    this.agencyCalls.observe({ agency: event.agency, outcome: event.outcome }, event.ms / 1000);
    if (event.outcome === 'error') this.agencyErrors.inc({ agency: event.agency });
  };
}
