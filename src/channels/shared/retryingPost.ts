import type { Logger } from '../../observability/logger';
import { ChannelApiError, type ChannelName } from './channelApiError';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Ceiling of the first retry's wait; doubles with each retry (full jitter below it). */
  baseMs: number;
  maxMs: number;
  /** A platform asking us to wait longer than this gets no retry inside the turn. */
  maxRetryAfterMs: number;
  /** Per attempt. */
  timeoutMs: number;
  /** All attempts and waits together: a hanging API must not hold a turn (and the webhook) for long. */
  budgetMs: number;
}

/** Short enough to keep a turn well inside the channels' ~15 s redelivery window. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseMs: 250, maxMs: 2000, maxRetryAfterMs: 5000, timeoutMs: 5000, budgetMs: 10_000 };

/** How a platform's answer reads: the result, or why it failed and whether to try again. */
export type Outcome<T> = { ok: true; result: T } | { ok: false; retryable: boolean; detail: string; retryAfterMs?: number };

export interface RetryingPostOptions<T> {
  channel: ChannelName;
  method: string;
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  policy: RetryPolicy;
  logger: Logger;
  /** Reads the platform's reply (status and parsed JSON, undefined when it was not JSON). */
  interpret(status: number, json: unknown, headers: Headers): Outcome<T>;
  random?: () => number;
}

/**
 * POSTs JSON to a channel API, retrying rate limits, 5xx and network failures with exponential
 * backoff and full jitter (or the platform's own retry-after), and throws a ChannelApiError when it
 * gives up. Safe to retry: a reply that did not arrive is better sent late than lost, and a
 * duplicate reply after a lost 200 is a smaller harm than a missing receipt.
 */
export async function retryingPost<T>(options: RetryingPostOptions<T>): Promise<T> {
  const { policy, channel, method, logger } = options;
  const random = options.random ?? Math.random;
  const deadline = Date.now() + policy.budgetMs;
  for (let attempt = 1; ; attempt += 1) {
    const failure = await attemptOnce(options, Math.max(1, Math.min(policy.timeoutMs, deadline - Date.now())));
    if (failure.ok) return failure.result;
    const error = failure.error;
    if (!error.retryable || attempt >= policy.attempts) throw error;
    const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
    const waitMs = error.retryAfterMs ?? Math.floor(random() * ceiling);
    if (waitMs > policy.maxRetryAfterMs || Date.now() + waitMs >= deadline) throw error;
    logger.warn({ channel, method, attempt, status: error.status, detail: error.detail, waitMs }, 'channel API call failed; retrying');
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

async function attemptOnce<T>(options: RetryingPostOptions<T>, timeoutMs: number): Promise<{ ok: true; result: T } | { ok: false; error: ChannelApiError }> {
  const { channel, method } = options;
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // fetch says only "fetch failed"; the cause names what happened (ECONNREFUSED, a timeout, …).
    const causeOf = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const cause = causeOf?.code ?? causeOf?.message;
    const detail = err instanceof Error ? `${err.name}: ${err.message}${typeof cause === 'string' ? ` (${cause})` : ''}` : 'network error';
    return { ok: false, error: new ChannelApiError(channel, method, undefined, detail, true) };
  }
  const raw = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : undefined;
  } catch {
    json = undefined;
  }
  const outcome = options.interpret(response.status, json, response.headers);
  if (outcome.ok) return outcome;
  return { ok: false, error: new ChannelApiError(channel, method, response.status, outcome.detail, outcome.retryable, outcome.retryAfterMs) };
}

/** Retry-After as delta-seconds (the form Telegram and Meta use); undefined when absent or odd. */
export function retryAfterHeaderMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  return value && /^\d{1,6}$/.test(value) ? Number(value) * 1000 : undefined;
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
