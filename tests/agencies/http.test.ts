import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fullJitterDelay, parseRetryAfter } from '../../src/agencies/backoff';
import {
  AgencyAuthError,
  AgencyRefusedError,
  AgencyResponseError,
  AgencyUnavailableError,
  citizenMessage,
} from '../../src/agencies/errors';
import { AgencyHttpClient, newRequestId, type AgencyCallEvent, type AgencyHttpOptions } from '../../src/agencies/http';
import { createLogger, logger } from '../../src/observability/logger';

// ---------- a fake agency: real HTTP on 127.0.0.1, scripted replies, every hit recorded ----------

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-encoded unless `raw` is given. */
  json?: unknown;
  raw?: string;
  delayMs?: number;
}
interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

const servers: Server[] = [];

// The client logs every failed attempt; keep the test output readable (two tests capture it instead).
const quiet = createLogger({ level: 'silent' });
beforeEach(() => {
  vi.spyOn(logger, 'child').mockImplementation((bindings) => quiet.child(bindings));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** Replies in order; the last one repeats. */
async function fakeAgency(replies: Reply[]): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const reply = replies[Math.min(hits.length - 1, replies.length - 1)];
      const send = () => {
        if (res.destroyed) return; // the client gave up (timeout)
        const body = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** Fast settings so the suite stays quick; each test overrides what it is about. */
function client(baseUrl: string, extra: Partial<AgencyHttpOptions> = {}): AgencyHttpClient {
  return new AgencyHttpClient({ agency: 'JPJ', baseUrl, timeoutMs: 1000, retries: 2, backoff: { baseMs: 5, maxMs: 20 }, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

const Vehicle = z.object({ plate: z.string(), engineCc: z.number().int(), owner: z.object({ name: z.string() }) });
const vehicle = { plate: 'WXY1234', engineCc: 1997, owner: { name: 'Aminah binti Abu' } };
const Ok = z.object({ ok: z.literal(true) });

describe('AgencyHttpClient: replies', () => {
  it('returns the validated reply, keeps the base path, sends query, token, request id and JSON accept', async () => {
    const agency = await fakeAgency([{ json: vehicle }]);
    const calls: AgencyCallEvent[] = [];
    const jpj = client(`${agency.url}/sandbox/jpj/`, { onCall: (e) => calls.push(e) });

    const result = await jpj.get('/vehicles/WXY1234', Vehicle, { token: 'tok-123', query: { ic: '850412105566', months: 12, skip: undefined } });

    expect(result).toEqual(vehicle);
    expect(agency.hits).toHaveLength(1);
    const hit = agency.hits[0];
    expect(hit.method).toBe('GET');
    expect(hit.url).toBe('/sandbox/jpj/vehicles/WXY1234?ic=850412105566&months=12');
    expect(hit.headers.authorization).toBe('Bearer tok-123');
    expect(hit.headers.accept).toBe('application/json');
    expect(hit.headers['x-request-id']).toMatch(/^[a-zA-Z]{24}$/);
    expect(hit.headers['idempotency-key']).toBeUndefined();
    expect(calls).toEqual([{ agency: 'JPJ', method: 'GET', path: '/vehicles/WXY1234', ms: expect.any(Number), outcome: 'ok' }]);
  });

  it('strips unknown fields the way the schema says (the schema is the contract)', async () => {
    const agency = await fakeAgency([{ json: { ...vehicle, extra: 'ignored' } }]);
    expect(await client(agency.url).get('/v', Vehicle)).toEqual(vehicle);
  });

  it('sends a POST body as JSON without Authorization when no token is given', async () => {
    const agency = await fakeAgency([{ json: { ok: true } }]);
    await client(agency.url).post('/otp/send', { ic: '850412105566' }, Ok);
    const hit = agency.hits[0];
    expect(hit.method).toBe('POST');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hit.body)).toEqual({ ic: '850412105566' });
    expect(hit.headers.authorization).toBeUndefined();
  });

  it('draws request ids from a pool of random bytes without repeating one across refills', () => {
    // 1000 ids span several refills of the 128-id pool; a stuck offset or a refill that hands the
    // same bytes out again would repeat ids.
    const ids = Array.from({ length: 1000 }, () => newRequestId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-kmnp-zA-H]{24}$/);
    // Every letter of the 32-letter alphabet turns up (the whole byte's low five bits are used).
    expect(new Set(ids.join('')).size).toBe(32);
  });

  it('gives each call its own request id', async () => {
    const agency = await fakeAgency([{ json: { ok: true } }]);
    const jpj = client(agency.url);
    await jpj.get('/a', Ok);
    await jpj.get('/b', Ok);
    expect(agency.hits[0].headers['x-request-id']).not.toBe(agency.hits[1].headers['x-request-id']);
  });

  it.each([
    ['malformed JSON', { raw: '{"plate": "WXY1234", ' }, ['(body): not valid JSON']],
    ['an HTML error page with 200', { raw: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }, ['(body): not valid JSON']],
    ['an empty body', { raw: '' }, ['(root): invalid_type (expected object)']],
    ['the wrong shape', { json: { plate: 1234, engineCc: '1997cc', owner: {} } }, ['plate: invalid_type (expected string)', 'engineCc: invalid_type (expected number)', 'owner.name: invalid_type (expected string)']],
  ] as const)('%s → AgencyResponseError with the issue paths, not retried', async (_name, reply, issues) => {
    const agency = await fakeAgency([reply]);
    const calls: AgencyCallEvent[] = [];
    const err = await failure(client(agency.url, { onCall: (e) => calls.push(e) }).get('/v', Vehicle));
    expect(err).toBeInstanceOf(AgencyResponseError);
    expect((err as AgencyResponseError).issues).toEqual(issues);
    expect((err as AgencyResponseError).agency).toBe('JPJ');
    expect(agency.hits).toHaveLength(1);
    expect(calls[0].outcome).toBe('error');
  });

  it('never puts reply values or the token in the error or the log, only the paths', async () => {
    const lines: string[] = [];
    const captured = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } as never });
    vi.spyOn(logger, 'child').mockImplementation((bindings) => captured.child(bindings));
    const agency = await fakeAgency([{ json: { plate: 'WXY1234', engineCc: 'Aminah binti Abu', owner: { name: 42 } } }]);

    const err = (await failure(client(agency.url).get('/v', Vehicle, { token: 'tok-very-secret' }))) as AgencyResponseError;

    const log = lines.join('');
    expect(log).toContain('engineCc: invalid_type');
    expect(log).toContain('"agency":"JPJ"');
    expect(log).toContain(`"requestId":"${err.requestId}"`); // survives masking, so it can be searched for
    for (const text of [log, err.message, JSON.stringify(err.issues)]) {
      expect(text).not.toContain('Aminah');
      expect(text).not.toContain('tok-very-secret');
    }
  });

  it('never logs the query (it carries the MyKad)', async () => {
    const lines: string[] = [];
    const captured = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } as never });
    vi.spyOn(logger, 'child').mockImplementation((bindings) => captured.child(bindings));
    const agency = await fakeAgency([{ status: 503, json: { error: { code: 'DOWN', message: 'down' } } }]);
    await failure(client(agency.url, { retries: 1 }).get('/summonses', Ok, { query: { ic: '850412105566' } }));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain('850412');
  });
});

describe('AgencyHttpClient: refusals are not retried', () => {
  it('parses a 4xx refusal into AgencyRefusedError with code and details, and hits the agency once', async () => {
    const agency = await fakeAgency([
      { status: 422, json: { error: { code: 'INSURANCE_EXPIRED', message: 'Insurance expired', details: { expiredOn: '2026-01-01' } } } },
    ]);
    const calls: AgencyCallEvent[] = [];
    const err = await failure(client(agency.url, { retries: 3, onCall: (e) => calls.push(e) }).get('/roadtax/eligibility', Ok));
    expect(err).toBeInstanceOf(AgencyRefusedError);
    const refused = err as AgencyRefusedError;
    expect(refused).toMatchObject({ agency: 'JPJ', status: 422, code: 'INSURANCE_EXPIRED', details: { expiredOn: '2026-01-01' } });
    expect(refused.path).toBe('/roadtax/eligibility');
    expect(agency.hits).toHaveLength(1);
    expect(calls.map((c) => c.outcome)).toEqual(['refused']);
  });

  it.each([
    [404, '', 'HTTP_404'],
    [409, 'not json', 'HTTP_409'],
    [400, JSON.stringify({ error: { message: 'no code' } }), 'HTTP_400'],
  ])('a %i without a usable error body still becomes a refusal (%j)', async (status, raw, code) => {
    const agency = await fakeAgency([{ status, raw }]);
    const err = await failure(client(agency.url).post('/x', {}, Ok, { idempotencyKey: 'k-1' }));
    expect(err).toBeInstanceOf(AgencyRefusedError);
    expect(err).toMatchObject({ status, code, details: {} });
    expect(agency.hits).toHaveLength(1);
  });

  it.each([401, 403] as const)('%i becomes AgencyAuthError with the agency code, not retried', async (status) => {
    const agency = await fakeAgency([{ status, json: { error: { code: 'TOKEN_EXPIRED', message: 'expired' } } }]);
    const err = await failure(client(agency.url).get('/me', Ok, { token: 't' }));
    expect(err).toBeInstanceOf(AgencyAuthError);
    expect(err).toMatchObject({ status, code: 'TOKEN_EXPIRED' });
    expect(agency.hits).toHaveLength(1);
  });
});

describe('AgencyHttpClient: retries where safe', () => {
  it('GET: 503 twice then 200 → success on the third hit, same request id each time', async () => {
    const agency = await fakeAgency([{ status: 503 }, { status: 503 }, { json: { ok: true } }]);
    const calls: AgencyCallEvent[] = [];
    expect(await client(agency.url, { onCall: (e) => calls.push(e) }).get('/status', Ok)).toEqual({ ok: true });
    expect(agency.hits).toHaveLength(3);
    expect(new Set(agency.hits.map((h) => h.headers['x-request-id'])).size).toBe(1);
    expect(calls.map((c) => c.outcome)).toEqual(['ok']); // one event per call, not per attempt
  });

  it.each([500, 502, 504, 429])('GET: %i is retried', async (status) => {
    const agency = await fakeAgency([{ status }, { json: { ok: true } }]);
    expect(await client(agency.url).get('/s', Ok)).toEqual({ ok: true });
    expect(agency.hits).toHaveLength(2);
  });

  it('gives up after `retries` retries with AgencyUnavailableError(server, status)', async () => {
    const agency = await fakeAgency([{ status: 503 }]);
    const err = await failure(client(agency.url, { retries: 2 }).get('/s', Ok));
    expect(err).toBeInstanceOf(AgencyUnavailableError);
    expect(err).toMatchObject({ kind: 'server', status: 503 });
    expect(agency.hits).toHaveLength(3);
  });

  it('does not retry a 5xx that will not heal by waiting (501)', async () => {
    const agency = await fakeAgency([{ status: 501 }, { json: { ok: true } }]);
    const err = await failure(client(agency.url).get('/s', Ok));
    expect(err).toMatchObject({ kind: 'server', status: 501 });
    expect(agency.hits).toHaveLength(1);
  });

  it('POST without an idempotency key is attempted once', async () => {
    const agency = await fakeAgency([{ status: 503 }, { json: { ok: true } }]);
    const err = await failure(client(agency.url, { retries: 3 }).post('/roadtax/renew', { plate: 'WXY1234' }, Ok));
    expect(err).toBeInstanceOf(AgencyUnavailableError);
    expect(agency.hits).toHaveLength(1);
  });

  it('POST without an idempotency key is not retried after a timeout either (it may have been done)', async () => {
    const agency = await fakeAgency([{ delayMs: 300, json: { ok: true } }]);
    const err = await failure(client(agency.url, { timeoutMs: 80 }).post('/roadtax/renew', {}, Ok));
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(agency.hits).toHaveLength(1);
  });

  it('POST with an idempotency key is retried, with the same key and body every time', async () => {
    const agency = await fakeAgency([{ status: 503 }, { status: 502 }, { json: { ok: true } }]);
    const body = { plate: 'WXY1234', months: 12 };
    expect(await client(agency.url).post('/roadtax/renew', body, Ok, { idempotencyKey: 'renew-abc-1', token: 't' })).toEqual({ ok: true });
    expect(agency.hits).toHaveLength(3);
    for (const hit of agency.hits) {
      expect(hit.headers['idempotency-key']).toBe('renew-abc-1');
      expect(JSON.parse(hit.body)).toEqual(body);
    }
  });

  it('refuses an idempotency key that is not a clean header value', async () => {
    const agency = await fakeAgency([{ json: { ok: true } }]);
    await expect(client(agency.url).post('/x', {}, Ok, { idempotencyKey: 'has space' })).rejects.toThrow(TypeError);
    await expect(client(agency.url).post('/x', {}, Ok, { idempotencyKey: '' })).rejects.toThrow(TypeError);
    expect(agency.hits).toHaveLength(0);
  });

  it('timeout → retry → success, within the per-attempt timeout', async () => {
    const agency = await fakeAgency([{ delayMs: 1000, json: { ok: true } }, { json: { ok: true } }]);
    const started = Date.now();
    expect(await client(agency.url, { timeoutMs: 100 }).get('/slow', Ok)).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(800);
    expect(agency.hits).toHaveLength(2);
  });

  it('times out as kind "timeout" when every attempt is too slow', async () => {
    const agency = await fakeAgency([{ delayMs: 500, json: { ok: true } }]);
    const err = await failure(client(agency.url, { timeoutMs: 60, retries: 1 }).get('/slow', Ok));
    expect(err).toBeInstanceOf(AgencyUnavailableError);
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(agency.hits).toHaveLength(2);
  });

  it('a refused connection is kind "network" and retried', async () => {
    const agency = await fakeAgency([{ json: { ok: true } }]);
    const closed = servers.pop()!;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts += 1;
      return fetch(input, init);
    };
    const err = await failure(client(agency.url, { fetch: counting, retries: 2 }).get('/x', Ok));
    expect(err).toMatchObject({ kind: 'network', agency: 'JPJ' });
    expect((err as Error).cause).toBeDefined();
    expect(attempts).toBe(3);
  });

  it('honours Retry-After (seconds) before retrying', async () => {
    const agency = await fakeAgency([{ status: 429, headers: { 'retry-after': '1' } }, { json: { ok: true } }]);
    // Backoff alone would wait at most 1 ms: the gap below can only come from Retry-After.
    expect(await client(agency.url, { backoff: { baseMs: 1, maxMs: 1 } }).get('/x', Ok)).toEqual({ ok: true });
    expect(agency.hits).toHaveLength(2);
    expect(agency.hits[1].at - agency.hits[0].at).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After asks for longer than it may wait, and says how long', async () => {
    const agency = await fakeAgency([{ status: 503, headers: { 'retry-after': '120' } }, { json: { ok: true } }]);
    const err = await failure(client(agency.url, { maxRetryAfterMs: 1000 }).get('/x', Ok));
    expect(err).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 120_000 });
    expect(agency.hits).toHaveLength(1);
  });

  it('an onCall hook that throws does not fail a good call', async () => {
    const agency = await fakeAgency([{ json: { ok: true } }]);
    const jpj = client(agency.url, {
      onCall: () => {
        throw new Error('metrics down');
      },
    });
    expect(await jpj.get('/x', Ok)).toEqual({ ok: true });
  });
});

describe('AgencyHttpClient: circuit breaker', () => {
  function breakerClient(url: string, clock: { now: number }, extra: Partial<AgencyHttpOptions> = {}) {
    return client(url, { retries: 0, breaker: { failureThreshold: 3, resetAfterMs: 10_000 }, now: () => clock.now, ...extra });
  }

  it('opens after the threshold, fails fast without touching the network, half-opens after reset, closes on success', async () => {
    const clock = { now: 0 };
    const replies: Reply[] = [{ status: 503 }, { status: 503 }, { status: 503 }, { json: { ok: true } }];
    const agency = await fakeAgency(replies);
    const calls: AgencyCallEvent[] = [];
    const jpj = breakerClient(agency.url, clock, { onCall: (e) => calls.push(e) });

    for (let i = 0; i < 3; i++) await failure(jpj.get('/x', Ok));
    expect(agency.hits).toHaveLength(3);
    expect(jpj.breakerState).toBe('open');

    clock.now = 4000;
    for (let i = 0; i < 5; i++) {
      const err = await failure(jpj.get('/x', Ok));
      expect(err).toBeInstanceOf(AgencyUnavailableError);
      expect(err).toMatchObject({ kind: 'breaker-open', retryAfterMs: 6000 });
    }
    expect(agency.hits).toHaveLength(3); // no network at all while open
    expect(calls.at(-1)?.outcome).toBe('error');

    clock.now = 10_000;
    expect(jpj.breakerState).toBe('half-open');
    expect(await jpj.get('/x', Ok)).toEqual({ ok: true });
    expect(agency.hits).toHaveLength(4);
    expect(jpj.breakerState).toBe('closed');
    expect(await jpj.get('/x', Ok)).toEqual({ ok: true });
  });

  it('in half-open lets one trial through at a time; a failed trial re-opens it', async () => {
    const clock = { now: 0 };
    const agency = await fakeAgency([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503, delayMs: 100 }]);
    const jpj = breakerClient(agency.url, clock);
    for (let i = 0; i < 3; i++) await failure(jpj.get('/x', Ok));

    clock.now = 10_000;
    const trial = failure(jpj.get('/x', Ok));
    const meanwhile = await failure(jpj.get('/x', Ok));
    expect(meanwhile).toMatchObject({ kind: 'breaker-open' });
    expect(await trial).toMatchObject({ kind: 'server', status: 503 });
    expect(agency.hits).toHaveLength(4);
    expect(jpj.breakerState).toBe('open');

    clock.now = 19_999;
    expect(await failure(jpj.get('/x', Ok))).toMatchObject({ kind: 'breaker-open' });
    expect(agency.hits).toHaveLength(4);
  });

  it('refusals and malformed replies do not count: the agency is up', async () => {
    const clock = { now: 0 };
    const agency = await fakeAgency([
      { status: 503 }, { status: 503 },
      { status: 422, json: { error: { code: 'NOT_ELIGIBLE_ONLINE', message: 'no' } } },
      { status: 503 }, { status: 503 },
      { raw: 'oops' },
      { status: 404 }, { status: 404 }, { status: 404 }, { status: 404 },
    ]);
    const jpj = breakerClient(agency.url, clock);
    for (let i = 0; i < 10; i++) await failure(jpj.get('/x', Ok));
    expect(agency.hits).toHaveLength(10);
    expect(jpj.breakerState).toBe('closed');
  });

  it('counts each failed attempt, so retries stop when the breaker opens mid-call', async () => {
    const clock = { now: 0 };
    const agency = await fakeAgency([{ status: 503 }]);
    const jpj = client(agency.url, { retries: 5, breaker: { failureThreshold: 2, resetAfterMs: 10_000 }, now: () => clock.now });
    const err = await failure(jpj.get('/x', Ok));
    expect(err).toMatchObject({ kind: 'server', status: 503 }); // the real failure, not "breaker open"
    expect(agency.hits).toHaveLength(2);
    expect(jpj.breakerState).toBe('open');
  });
});

describe('backoff', () => {
  it('full jitter: a random share of an exponentially growing, capped ceiling', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4].map((retry) => fullJitterDelay(retry, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(1, policy, () => 0.5)).toBe(100);
  });

  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    ['Thu, 01 Jan 2025 00:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('Retry-After %j → %j ms', (header, ms) => {
    expect(parseRetryAfter(header, Date.parse('2026-01-01T00:00:00Z'))).toBe(ms);
  });
});

describe('citizenMessage', () => {
  const ctx = { method: 'GET', path: '/x' };
  const cases: [string, unknown, { ms: RegExp; en: RegExp }][] = [
    ['network', new AgencyUnavailableError('JPJ', 'network', ctx), { ms: /JPJ.*cuba lagi.*disimpan/s, en: /JPJ.*try again.*progress is kept/s }],
    ['timeout', new AgencyUnavailableError('JIM', 'timeout', ctx), { ms: /Imigresen.*cuba lagi/s, en: /Immigration.*try again/s }],
    ['server 503', new AgencyUnavailableError('PAYMENT', 'server', { status: 503 }), { ms: /pembayaran.*cuba lagi/s, en: /payment gateway.*try again/s }],
    ['server 429', new AgencyUnavailableError('JPJ', 'server', { status: 429 }), { ms: /sibuk.*cuba lagi/s, en: /busy.*try again/s }],
    ['breaker-open', new AgencyUnavailableError('IDENTITY', 'breaker-open'), { ms: /pengesahan identiti.*sementara.*cuba lagi/s, en: /identity verification.*temporarily.*try again/s }],
    ['refused', new AgencyRefusedError('JPJ', { status: 422, code: 'X' }), { ms: /semak butiran.*kaunter/s, en: /check your details.*counter/s }],
    ['auth', new AgencyAuthError('JPJ', 401), { ms: /sahkan semula/, en: /verify again/ }],
    ['malformed reply', new AgencyResponseError('JIM', ['a: b']), { ms: /tidak dijangka.*kaunter/s, en: /unexpected reply.*counter/s }],
    ['anything else', new Error('boom'), { ms: /Maaf.*cuba lagi/s, en: /Sorry.*try again/s }],
    ['not even an Error', 'boom', { ms: /Maaf/, en: /Sorry/ }],
  ];

  it.each(cases)('%s: a way forward in Malay and English', (_kind, err, expected) => {
    const text = citizenMessage(err);
    expect(text.ms).toMatch(expected.ms);
    expect(text.en).toMatch(expected.en);
    expect(text.ms).not.toBe(text.en);
  });

  it('never shows the technical detail to the citizen', () => {
    const text = citizenMessage(new AgencyRefusedError('JPJ', { status: 422, code: 'INTERNAL_CODE_X', message: 'stack at line 3' }));
    expect(`${text.ms} ${text.en}`).not.toMatch(/INTERNAL_CODE_X|stack|422/);
  });
});
