import type { IncomingMessage } from 'node:http';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isLang, type Lang } from '../i18n/lang';
import { ROUTES, type Handlers, type OperationId, type RouteContract } from './contract';
import { SandboxHttpError } from './errors';
import { faultError } from './faults';
import type { SandboxDeps } from './handlers/deps';
import { settlePayment } from './handlers/payments';
import { fingerprint, type StoredResult } from './idempotency';
import { BANKS, notFoundPage, payPage } from './payPage';
import { normaliseMyKad } from './records';
import { tokenExpired } from './tokens';

const MAX_BODY_BYTES = 64 * 1024;
// Printable ASCII without spaces, as the clients' HTTP layer allows.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

type RestifyRequest = Request & { _readBody?: boolean; body?: unknown };

/** The body as JSON or form fields, whether or not a body parser already ran on the server. */
async function readBody(req: RestifyRequest): Promise<{ raw: string; type: string }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (req._readBody || req.body !== undefined) {
    // A server-wide body parser already ran (the sandbox mounted inside the bot): it kept the raw text.
    const rawBody = (req as { rawBody?: unknown }).rawBody;
    if (typeof rawBody === 'string' || Buffer.isBuffer(rawBody)) return { raw: rawBody.toString(), type };
    const parsed = req.body;
    const raw = typeof parsed === 'string' ? parsed : Buffer.isBuffer(parsed) ? parsed.toString('utf8') : parsed === undefined ? '' : JSON.stringify(parsed);
    return { raw, type: typeof parsed === 'object' && parsed !== null && !Buffer.isBuffer(parsed) && type !== 'application/x-www-form-urlencoded' ? 'application/json' : type };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as unknown as IncomingMessage) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SandboxHttpError(413, 'BODY_TOO_LARGE', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  req._readBody = true;
  return { raw: Buffer.concat(chunks).toString('utf8'), type };
}

async function jsonBody(req: RestifyRequest): Promise<unknown> {
  const { raw } = await readBody(req);
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new SandboxHttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
}

function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SandboxHttpError(400, 'INVALID_REQUEST', `The request ${where} is not valid.`, {
      issues: parsed.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams);
}

function baseUrlOf(req: Request, prefix: string, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '')}${prefix}`;
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : 'http';
  return `${proto}://${req.headers.host ?? '127.0.0.1'}${prefix}`;
}

/**
 * Waits `ms`, but stops early when the caller hangs up (a client that timed out) or the sandbox
 * closes, so a simulated hang never keeps a test server open.
 */
function pause(ms: number, res: Response, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timers.add(timer);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      timers.delete(timer);
      resolve();
    }
  });
}

export interface MountOptions {
  prefix: string;
  publicUrl?: string;
  openApiDocument: () => unknown;
}

/** Registers every route of the contract plus the payment pages on a restify server. */
export function mountRoutes(server: Server, deps: SandboxDeps, handlers: Handlers, options: MountOptions, timers: Set<NodeJS.Timeout>): void {
  const { prefix } = options;

  const sendError = (res: Response, error: unknown) => {
    if (res.headersSent || res.writableEnded) return;
    if (error instanceof SandboxHttpError) {
      res.send(error.status, error.toBody());
      return;
    }
    deps.logger.error({ err: error }, 'sandbox route failed');
    res.send(500, { error: { code: 'INTERNAL_ERROR', message: 'The agency could not complete the request.' } });
  };

  async function dispatch(id: OperationId, route: RouteContract, req: RestifyRequest, res: Response): Promise<void> {
    try {
      if (route.area !== 'tools') {
        const effect = deps.faults.take(route.area);
        if (effect.latencyMs > 0) await pause(effect.latencyMs, res, timers);
        if (effect.hangMs !== undefined) {
          await pause(effect.hangMs, res, timers);
          throw new SandboxHttpError(504, 'GATEWAY_TIMEOUT', 'Injected fault: the agency did not answer in time.', { injected: true });
        }
        if (effect.fail) throw faultError(effect.fail.status);
      }
      const verified = route.auth ? deps.tokens.verify(req.headers.authorization, { allowExpired: route.settlesPayment }) : undefined;
      const params = route.params ? validate(route.params, req.params ?? {}, 'path') : undefined;
      const query = route.query ? validate(route.query, queryOf(req), 'query') : undefined;
      const body = route.body ? validate(route.body, await jsonBody(req), 'body') : undefined;

      let ic = '';
      if (verified) {
        const claimed = (query as { ic?: string } | undefined)?.ic ?? (body as { ic?: string } | undefined)?.ic;
        if (!claimed || normaliseMyKad(claimed) !== verified.ic) {
          throw new SandboxHttpError(403, 'FORBIDDEN', 'The verification token was issued for a different MyKad.');
        }
        ic = verified.ic;
        if (verified.expired) {
          // Only for delivering a payment, paid, for money, and started while this token was valid
          // (see settlesPayment): not a free service, not a payment from before the verification.
          const paymentId = (body as { paymentId?: string } | undefined)?.paymentId;
          const payment = paymentId ? deps.state.payments.get(paymentId) : undefined;
          const startedWhileValid = payment && payment.createdAtMs >= verified.issuedAtMs && payment.createdAtMs <= verified.expiresAtMs;
          if (!payment || !startedWhileValid || payment.status !== 'PAID' || payment.amountSen <= 0) throw tokenExpired();
        }
      }

      const input = { params, query, body, ic, baseUrl: baseUrlOf(req, prefix, options.publicUrl) };
      const execute = async (): Promise<StoredResult> => {
        try {
          const handler = handlers[id] as (i: typeof input) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;
          const result = await handler(input);
          const checked = route.response.safeParse(result.body);
          if (!checked.success) {
            deps.logger.error({ operation: id, issues: checked.error.issues }, 'sandbox reply does not match its schema');
            throw new Error(`reply of ${id} does not match its schema`);
          }
          return { status: result.status ?? route.status ?? 200, body: checked.data };
        } catch (error) {
          // Refusals are results too (not stored by the idempotency layer, but answered as they are).
          if (error instanceof SandboxHttpError && error.status < 500) return { status: error.status, body: error.toBody() };
          throw error;
        }
      };

      const key = req.headers['idempotency-key'];
      let result: StoredResult;
      if (route.idempotent && typeof key === 'string') {
        if (!IDEMPOTENCY_KEY.test(key)) throw new SandboxHttpError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 printable ASCII characters without spaces.');
        const run = await deps.idempotency.run(route.area, key, fingerprint(route.method, req.path(), body), execute);
        result = run.result;
        if (run.replayed) res.header('Idempotent-Replayed', 'true');
      } else {
        result = await execute();
      }
      if (!res.writableEnded) res.send(result.status, result.body);
    } catch (error) {
      sendError(res, error);
    }
  }

  for (const [id, route] of Object.entries(ROUTES) as [OperationId, RouteContract][]) {
    const path = prefix + route.path.replace(/\{(\w+)\}/g, ':$1');
    const handler = (req: Request, res: Response, next: (err?: unknown) => void) => {
      dispatch(id, route, req as RestifyRequest, res).then(() => next(), next);
    };
    if (route.method === 'GET') server.get(path, handler);
    else if (route.method === 'POST') server.post(path, handler);
    else server.del(path, handler);
    // A client whose base URL is the agency root may ask for "<root>/" (POST /payments/).
    if (route.path === `/${route.area}`) server.post(`${path}/`, handler);
  }

  server.get(`${prefix}/openapi.json`, (_req: Request, res: Response, next: () => void) => {
    res.send(200, options.openApiDocument());
    next();
  });

  // ---- the pay page (HTML for the citizen's browser) ----
  const html = (res: Response, status: number, page: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" });
    res.end(page);
  };
  const langOf = (value: unknown): Lang => (isLang(value) ? value : 'ms');

  server.get(`${prefix}/pay/:paymentId`, (req: Request, res: Response, next: () => void) => {
    const lang = langOf(queryOf(req).lang);
    const payment = deps.state.payments.get(String(req.params?.paymentId ?? ''));
    html(res, payment ? 200 : 404, payment ? payPage(lang, payment, `${prefix}/pay/${payment.paymentId}`) : notFoundPage(lang));
    next();
  });

  server.post(`${prefix}/pay/:paymentId`, (req: Request, res: Response, next: (err?: unknown) => void) => {
    (async () => {
      const payment = deps.state.payments.get(String(req.params?.paymentId ?? ''));
      const { raw, type } = await readBody(req as RestifyRequest);
      let parsed: unknown;
      try {
        parsed = type === 'application/json' ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        throw new SandboxHttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
      }
      // JSON that is not an object (null, a number) is an empty form, not a crash.
      const form: Record<string, unknown> = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      const lang = langOf(form.lang ?? queryOf(req).lang);
      if (!payment) return html(res, 404, notFoundPage(lang));
      const action = form.action;
      const actionUrl = `${prefix}/pay/${payment.paymentId}`;
      if (action !== 'pay' && action !== 'cancel') return html(res, 400, payPage(lang, payment, actionUrl));
      const bank = BANKS.find((b) => b.id === form.bank);
      if (action === 'pay' && !bank && payment.status === 'PENDING') return html(res, 400, payPage(lang, payment, actionUrl, 'noBank'));
      settlePayment(deps, payment, action, bank?.name ?? null);
      html(res, 200, payPage(lang, payment, actionUrl));
    })().then(() => next(), (error) => {
      sendError(res, error);
      next();
    });
  });
}
