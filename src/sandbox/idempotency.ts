import { createHash } from 'node:crypto';
import { unprocessable } from './errors';

export interface StoredResult {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  createdAtMs: number;
  result: Promise<StoredResult>;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonical(body)}`).digest('hex');
}

/**
 * Stripe-style idempotency: the first successful result under a key is stored and replayed for every
 * retry with the same request; the same key with a different request is refused (422). Only 2xx
 * results are kept — a refusal changed nothing, so a retry is evaluated afresh (the citizen may have
 * paid in between). A retry arriving while the first is still running waits for its result.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly nowMs: () => number,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  async run(scope: string, key: string, print: string, execute: () => Promise<StoredResult>): Promise<{ result: StoredResult; replayed: boolean }> {
    this.prune();
    const id = `${scope}\u0000${key}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== print) {
        throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request.', { key });
      }
      return { result: await existing.result, replayed: true };
    }
    const result = execute();
    this.entries.set(id, { fingerprint: print, createdAtMs: this.nowMs(), result });
    try {
      const settled = await result;
      if (settled.status >= 300) this.entries.delete(id);
      return { result: settled, replayed: false };
    } catch (error) {
      this.entries.delete(id);
      throw error;
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(): void {
    const cutoff = this.nowMs() - this.ttlMs;
    for (const [id, entry] of this.entries) if (entry.createdAtMs < cutoff) this.entries.delete(id);
  }
}
