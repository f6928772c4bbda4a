import { randomFillSync } from 'node:crypto';
import type { z } from 'zod';
import { logger as processLogger, type Logger } from '../observability/logger';
import { fullJitterDelay, parseRetryAfter, sleep, type BackoffPolicy } from './backoff';
import { CircuitBreaker, type BreakerState } from './breaker';
import { fetchTransport, nodeHttpTransport, type HttpTransport, type TransportResponse } from './transport';
import {
  AgencyAuthError,
  AgencyError,
  AgencyRefusedError,
  AgencyResponseError,
  AgencyUnavailableError,
  type AgencyErrorContext,
  type AgencyName,
  type UnavailableKind,
} from './errors';

export type { AgencyName } from './errors';

/**
 * The resilient HTTP layer every agency client (JPJ, JIM, payments, identity) sits on: JSON over
 * HTTP (kept-alive node:http, see transport.ts), a timeout per attempt, retries with full-jitter backoff only where a repeat cannot do a
 * thing twice, a circuit breaker, and every reply checked against its zod schema. Pointing a client
 * at a real agency is a change of `baseUrl`, nothing else.
 */

export type CallOutcome = 'ok' | 'refused' | 'error';

export interface AgencyCallEvent {
  agency: AgencyName;
  method: string;
  path: string;
  ms: number;
  outcome: CallOutcome;
}

export interface AgencyHttpOptions {
  /** Where this client logs (the app's logger); default the process logger. */
  logger?: Logger;
  agency: AgencyName;
  baseUrl: string;
  /** Per attempt, milliseconds (default 5000). */
  timeoutMs?: number;
  /** Retries after the first attempt, for safe calls only (default 2). */
  retries?: number;
  breaker?: { failureThreshold?: number; resetAfterMs?: number };
  /** A fetch to use instead of the built-in node:http transport (tests corrupt or count calls with it). */
  fetch?: typeof fetch;
  /** Called once per call (after its retries), for metrics. Must not throw; if it does, it is ignored. */
  onCall?: (e: AgencyCallEvent) => void;
  /** Backoff between retries (defaults: base 200 ms, max 2000 ms), full jitter. */
  backoff?: Partial<BackoffPolicy>;
  /**
   * The longest Retry-After we will wait inside a call (default 5000 ms). When the agency asks for
   * longer, the call gives up at once with that wait on the error rather than retrying too early.
   */
  maxRetryAfterMs?: number;
  /** Clock for the breaker (tests move time without waiting). */
  now?: () => number;
  /** Randomness for the jitter (tests make the waits deterministic). */
  random?: () => number;
}

export interface GetOptions {
  token?: string;
  query?: Record<string, string | number | undefined>;
}

export interface PostOptions {
  token?: string;
  /** Makes the POST safe to retry: the agency performs it at most once per key. */
  idempotencyKey?: string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// A header value the agency can store and compare verbatim: printable ASCII, bounded length.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The agency's refusal body, `{"error":{"code","message","details"}}`; checked loosely on purpose. */
interface ErrorBody {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: AgencyError };

interface Request {
  method: 'GET' | 'POST';
  path: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Safe to send again: a read, or a write with an idempotency key. */
  retryable: boolean;
  context: AgencyErrorContext;
}

export class AgencyHttpClient {
  readonly agency: AgencyName;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxRetryAfterMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly transport: HttpTransport;
  private readonly onCall?: (e: AgencyCallEvent) => void;
  private readonly random: () => number;
  private readonly log: Logger;

  constructor(options: AgencyHttpOptions) {
    this.agency = options.agency;
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`${options.agency}: baseUrl is not a URL: ${options.baseUrl}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`${options.agency}: baseUrl must be http(s), got ${base.protocol}`);
    }
    // Kept as a string so a base path (".../sandbox/jpj") survives; `new URL('/x', base)` would drop it.
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 2;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${this.timeoutMs}`);
    if (!Number.isInteger(this.retries) || this.retries < 0) throw new RangeError(`retries must be a whole number ≥ 0, got ${this.retries}`);
    this.backoff = { baseMs: options.backoff?.baseMs ?? 200, maxMs: options.backoff?.maxMs ?? 2000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5000;
    this.breaker = new CircuitBreaker({ ...options.breaker, now: options.now });
    this.transport = options.fetch ? fetchTransport(options.fetch) : nodeHttpTransport;
    this.onCall = options.onCall;
    this.random = options.random ?? Math.random;
    this.log = (options.logger ?? processLogger).child({ agency: options.agency });
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  async get<T>(path: string, schema: z.ZodType<T>, opts: GetOptions = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) search.append(name, String(value));
    }
    const query = search.toString();
    return this.call(this.request('GET', path, query, opts.token, undefined, undefined), schema);
  }

  async post<T>(path: string, body: unknown, schema: z.ZodType<T>, opts: PostOptions = {}): Promise<T> {
    if (opts.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(opts.idempotencyKey)) {
      throw new TypeError('idempotencyKey must be 1–255 printable ASCII characters without spaces');
    }
    const json = body === undefined ? undefined : JSON.stringify(body);
    return this.call(this.request('POST', path, '', opts.token, json, opts.idempotencyKey), schema);
  }

  private request(
    method: 'GET' | 'POST',
    path: string,
    query: string,
    token: string | undefined,
    body: string | undefined,
    idempotencyKey: string | undefined,
  ): Request {
    const cleanPath = `/${path.replace(/^\/+/, '')}`;
    const requestId = newRequestId();
    // Same request id on every attempt of one call, so the agency's logs show them as retries.
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': requestId };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return {
      method,
      path: cleanPath,
      url: `${this.baseUrl}${cleanPath}${query ? `?${query}` : ''}`,
      headers,
      body,
      retryable: method === 'GET' || idempotencyKey !== undefined,
      // The query is left out of everything logged or thrown: it may hold a MyKad or a plate.
      context: { method, path: cleanPath.split('?')[0], requestId },
    };
  }

  private async call<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
    const started = performance.now();
    try {
      const value = await this.withRetries(req, schema);
      this.report(req, started, 'ok');
      return value;
    } catch (err) {
      this.report(req, started, err instanceof AgencyRefusedError || err instanceof AgencyAuthError ? 'refused' : 'error');
      throw err;
    }
  }

  private async withRetries<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
    const maxAttempts = req.retryable ? this.retries + 1 : 1;
    let lastFailure: AgencyUnavailableError | undefined;
    for (let attempt = 1; ; attempt++) {
      if (!this.breaker.tryAcquire()) {
        // Mid-call the real failure says more than "breaker open"; on the first attempt there is none.
        throw lastFailure ?? new AgencyUnavailableError(this.agency, 'breaker-open', { ...req.context, retryAfterMs: this.breaker.msUntilTrial() });
      }
      const result = await this.attempt(req, schema);
      if (result.ok) {
        this.breaker.recordSuccess();
        return result.value;
      }
      const error = result.error;
      if (!(error instanceof AgencyUnavailableError)) {
        // A refusal or a malformed reply still means the agency is up and answering.
        this.breaker.recordSuccess();
        throw error;
      }
      if (this.breaker.recordFailure()) {
        this.log.warn({ method: req.method, path: req.context.path, resetAfterMs: this.breaker.resetAfterMs }, 'agency circuit breaker opened');
      }
      lastFailure = error;
      const retryable = error.kind !== 'server' || (error.status !== undefined && RETRYABLE_STATUS.has(error.status));
      const tooLongToWait = error.retryAfterMs !== undefined && error.retryAfterMs > this.maxRetryAfterMs;
      const canRetry = attempt < maxAttempts && retryable && !tooLongToWait;
      const waitMs = canRetry ? (error.retryAfterMs ?? fullJitterDelay(attempt - 1, this.backoff, this.random)) : undefined;
      this.log.warn(
        { method: req.method, path: req.context.path, requestId: req.context.requestId, attempt, kind: error.kind, status: error.status, retryInMs: waitMs },
        canRetry ? 'agency attempt failed, retrying' : 'agency call failed',
      );
      if (waitMs === undefined) throw error;
      await sleep(waitMs);
    }
  }

  /** One HTTP exchange, classified. Never throws: every way it can end is an Attempt. */
  private async attempt<T>(req: Request, schema: z.ZodType<T>): Promise<Attempt<T>> {
    const fail = (error: AgencyError): Attempt<T> => ({ ok: false, error });
    const unavailable = (kind: UnavailableKind, extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) =>
      fail(new AgencyUnavailableError(this.agency, kind, { ...req.context, ...extra }));

    let response: TransportResponse;
    try {
      response = await this.transport({ url: req.url, method: req.method, headers: req.headers, body: req.body, timeoutMs: this.timeoutMs });
    } catch (err) {
      return unavailable((err as { name?: unknown } | null)?.name === 'TimeoutError' ? 'timeout' : 'network', { cause: err });
    }
    const { status, text } = response;
    if (status >= 200 && status < 300) return this.validate(req, schema, status, text);
    if (status === 429 || status >= 500) {
      return unavailable('server', { status, retryAfterMs: parseRetryAfter(response.header('retry-after')) });
    }
    if (status === 401 || status === 403) {
      return fail(new AgencyAuthError(this.agency, status, { ...req.context, code: readErrorBody(text).code }));
    }
    if (status >= 400) {
      const body = readErrorBody(text);
      // `refusal`, not `code`: the log masker blanks any field named like an OTP code.
      this.log.info({ method: req.method, path: req.context.path, requestId: req.context.requestId, status, refusal: body.code }, 'agency refused');
      return fail(new AgencyRefusedError(this.agency, { status, code: body.code ?? `HTTP_${status}`, message: body.message, details: body.details }, req.context));
    }
    // 1xx/3xx: agency APIs do not redirect; following one blindly could carry the token elsewhere.
    return fail(new AgencyResponseError(this.agency, [`(status): unexpected HTTP ${status}`], { ...req.context, status }));
  }

  private validate<T>(req: Request, schema: z.ZodType<T>, status: number, text: string): Attempt<T> {
    let json: unknown;
    if (text.trim() === '') {
      json = undefined; // 204 and friends: the schema decides whether "nothing" is an acceptable reply
    } else {
      try {
        json = JSON.parse(text);
      } catch {
        return this.malformed(req, status, ['(body): not valid JSON']);
      }
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    // Paths and zod's wording only: the values may be a citizen's personal data.
    return this.malformed(
      req,
      status,
      parsed.error.issues.map((issue) => {
        const where = issue.path.length ? issue.path.map(String).join('.') : '(root)';
        const expected = 'expected' in issue ? ` (expected ${String(issue.expected)})` : '';
        return `${where}: ${issue.code}${expected}`;
      }),
    );
  }

  private malformed<T>(req: Request, status: number, issues: string[]): Attempt<T> {
    this.log.warn({ method: req.method, path: req.context.path, requestId: req.context.requestId, status, issues }, 'agency reply failed validation');
    return { ok: false, error: new AgencyResponseError(this.agency, issues, { ...req.context, status }) };
  }

  private report(req: Request, started: number, outcome: CallOutcome): void {
    const ms = Math.round((performance.now() - started) * 10) / 10;
    this.log.debug({ method: req.method, path: req.context.path, requestId: req.context.requestId, ms, outcome }, 'agency call');
    if (!this.onCall) return;
    try {
      this.onCall({ agency: this.agency, method: req.method, path: req.context.path!, ms, outcome });
    } catch (err) {
      // Metrics must never turn a good agency answer into a failure for the citizen.
      this.log.warn({ err }, 'onCall hook threw');
    }
  }
}

// Letters only, 24 of them (120 bits): short of the masker's 32-character "opaque token" rule and
// free of digit runs that look like a MyKad or an OTP, so the id survives masking and can be
// searched for in both our logs and the agency's.
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGH';
const ID_LENGTH = 24;
// Random bytes for 128 ids at a time, as Node does for randomUUID: one system call per 128 ids
// rather than one per agency call (it was a visible part of a renewal step's CPU).
const idBytes = Buffer.alloc(ID_LENGTH * 128);
let idOffset = idBytes.length;
export function newRequestId(): string {
  if (idOffset === idBytes.length) {
    randomFillSync(idBytes);
    idOffset = 0;
  }
  let id = '';
  for (let i = 0; i < ID_LENGTH; i += 1) id += ID_ALPHABET[idBytes[idOffset + i]! & 31];
  idOffset += ID_LENGTH;
  return id;
}

function readErrorBody(text: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const error = (json as { error?: unknown } | null)?.error;
  if (!error || typeof error !== 'object') return {};
  const { code, message, details } = error as Record<string, unknown>;
  return {
    code: typeof code === 'string' && code !== '' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    details: details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : undefined,
  };
}
