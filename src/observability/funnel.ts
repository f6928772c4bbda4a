import type { ServiceId } from '../flows/types';
import type { Lang } from '../i18n/lang';
import type { KeyValueStore } from '../state/keyValueStore';

/**
 * The E2E funnel: how many citizens started each service, and how many finished it online versus
 * were sent to a counter or gave up. "Completed online / started" is the number the programme is
 * judged on, so every flow records its stages here.
 */
export const FUNNEL_STAGES = ['started', 'identified', 'eligible', 'refused', 'paid', 'completed', 'counter', 'abandoned'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface FunnelEvent {
  service: ServiceId;
  lang: Lang;
  stage: FunnelStage;
  /** Why a citizen was refused or sent to a counter (a reason code, never personal data). */
  reason?: string;
}

export interface FunnelListener {
  (event: FunnelEvent): void;
}

const RETENTION_SECONDS = 400 * 24 * 60 * 60;

export class Funnel {
  private readonly listeners: FunnelListener[] = [];

  constructor(
    private readonly store: KeyValueStore,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {}

  onEvent(listener: FunnelListener): void {
    this.listeners.push(listener);
  }

  async record(event: FunnelEvent): Promise<void> {
    const day = this.today();
    const keys = [`funnel:${day}:${event.service}:${event.lang}:${event.stage}`];
    if (event.reason) keys.push(`funnel-reason:${day}:${event.service}:${event.stage}:${event.reason}`);
    // Counting must never break a citizen's turn: a storage hiccup loses a count, not a conversation.
    await Promise.all(keys.map((key) => this.store.increment(key, RETENTION_SECONDS))).catch(() => undefined);
    for (const listener of this.listeners) listener(event);
  }

  /** Why citizens were refused, sent to a counter or gave up, summed over the stored days. */
  async reasons(): Promise<Array<{ service: string; stage: string; reason: string; count: number }>> {
    const keys = await this.store.keys('funnel-reason:');
    const sums = new Map<string, { service: string; stage: string; reason: string; count: number }>();
    for (const key of keys) {
      const [, , service, stage, reason] = key.split(':');
      const entry = sums.get(`${service}|${stage}|${reason}`) ?? { service, stage, reason, count: 0 };
      entry.count += Number((await this.store.get(key)) ?? 0);
      sums.set(`${service}|${stage}|${reason}`, entry);
    }
    return [...sums.values()].sort((a, b) => b.count - a.count);
  }

  /** Totals per service, language and stage over the stored days (for reports and the dashboard). */
  async totals(): Promise<Array<{ day: string; service: string; lang: string; stage: string; count: number }>> {
    const keys = await this.store.keys('funnel:');
    const rows = await Promise.all(
      keys.map(async (key) => {
        const [, day, service, lang, stage] = key.split(':');
        return { day, service, lang, stage, count: Number((await this.store.get(key)) ?? 0) };
      }),
    );
    return rows.sort((a, b) => (a.day + a.service + a.stage).localeCompare(b.day + b.service + b.stage));
  }
}
