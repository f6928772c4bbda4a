import type { ServiceId } from '../flows/types';
import type { KeyValueStore } from '../state/keyValueStore';

const RETENTION_SECONDS = 400 * 24 * 60 * 60;

/** One-tap ratings (1–5) given after a completed service, counted per service. */
export class SatisfactionRatings {
  constructor(private readonly store: KeyValueStore) {}

  async record(service: ServiceId, rating: number): Promise<void> {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new RangeError('rating must be 1–5');
    await this.store.increment(`rating:${service}:${rating}`, RETENTION_SECONDS);
  }

  async summary(): Promise<{
    count: number;
    average: number | null;
    ratings: Record<'1' | '2' | '3' | '4' | '5', number>;
    byService: Array<{ service: string; count: number; average: number | null }>;
  }> {
    const ratings = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    const services = new Map<string, { count: number; sum: number }>();
    for (const key of await this.store.keys('rating:')) {
      const [, service, value] = key.split(':');
      const count = Number((await this.store.get(key)) ?? 0);
      ratings[value as keyof typeof ratings] += count;
      const entry = services.get(service) ?? { count: 0, sum: 0 };
      entry.count += count;
      entry.sum += count * Number(value);
      services.set(service, entry);
    }
    const count = Object.values(ratings).reduce((a, b) => a + b, 0);
    const sum = Object.entries(ratings).reduce((total, [value, n]) => total + Number(value) * n, 0);
    const average = (total: number, n: number) => (n ? Math.round((total / n) * 100) / 100 : null);
    return {
      count,
      average: average(sum, count),
      ratings,
      byService: [...services.entries()].map(([service, entry]) => ({ service, count: entry.count, average: average(entry.sum, entry.count) })),
    };
  }
}
