import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { DeliveredMeanwhileError, MAX_EXECUTION_ATTEMPTS, type Settlement, TransactionClosedError, TransactionNotFoundError } from '../flows/settlement';
import type { TransactionRecord, TransactionStore } from '../flows/transactions';
import type { ServiceId } from '../flows/types';
import type { HandoffDesk } from '../handoff/handoffDesk';
import { HandoffNotFoundError, HandoffTakenError } from '../handoff/handoffDesk';
import { t } from '../i18n/catalog';
import type { Bilingual } from '../i18n/lang';
import type { Funnel } from '../observability/funnel';
import { funnelReport } from '../observability/funnelReport';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { SatisfactionRatings } from '../observability/satisfaction';
import type { UnansweredQuestions } from '../observability/unanswered';
import type { KeyValueStore } from '../state/keyValueStore';
import { AdminAuth } from './auth';
import { InvalidResolutionError, parseResolution, paymentAttentionView, reconcilerGaveUp } from './paymentAttention';

export interface AdminDeps {
  token: string;
  publicUrl: string;
  funnel: Funnel;
  titleOf: (service: ServiceId) => Bilingual;
  unanswered: UnansweredQuestions;
  satisfaction: SatisfactionRatings;
  handoffs: HandoffDesk;
  kv: KeyValueStore;
  transactions: TransactionStore;
  settlement: Settlement;
  metrics: Metrics;
  /** Delivers the receipt of a completed transaction the way the payment callback does. */
  onSettled: (record: TransactionRecord) => Promise<void>;
  /** Tells the citizen something from an officer, proactively, on their own channel. */
  tellCitizen: (record: TransactionRecord, text: string) => Promise<void>;
  logger: Logger;
}

const STATIC_DIR = path.join(__dirname, 'static');
const PAGES: Record<string, string> = { '/admin': 'dashboard.html', '/admin/handoff': 'handoff.html', '/admin/payments': 'payments.html' };
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * /admin — operator pages and their JSON API, behind ADMIN_TOKEN (bearer, or the login form's
 * session cookie). Not mounted at all when ADMIN_TOKEN is unset.
 */
export function mountAdmin(server: Server, deps: AdminDeps): void {
  const auth = new AdminAuth(deps.token);
  const secure = deps.publicUrl.startsWith('https://');

  const sendFile = async (res: Response, file: string, status = 200) => {
    const body = await readFile(path.join(STATIC_DIR, file));
    res.writeHead(status, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    });
    res.end(body);
  };
  const redirect = (res: Response, location: string, cookie?: string) => {
    res.writeHead(303, { location, ...(cookie ? { 'set-cookie': cookie } : {}) });
    res.end();
  };

  // Handlers return nothing: restify logs (unmasked) any value an async handler returns.
  server.get('/admin/login', async (_req: Request, res: Response) => {
    await sendFile(res, 'login.html');
  });
  server.post('/admin/login', async (req: Request, res: Response) => {
    const ip = req.socket.remoteAddress ?? 'unknown';
    // Slow down guessing: a handful of tries per minute per address.
    if ((await deps.kv.increment(`admin-login:${ip}`, 60)) > LOGIN_ATTEMPTS_PER_MINUTE) {
      redirect(res, '/admin/login?error=2');
      return;
    }
    const token = typeof (req.body as { token?: unknown } | undefined)?.token === 'string' ? (req.body as { token: string }).token : '';
    if (!auth.tokenMatches(token)) {
      deps.logger.warn({ ip }, 'admin login refused');
      redirect(res, '/admin/login?error=1');
      return;
    }
    redirect(res, '/admin', auth.sessionCookie(secure));
  });
  server.post('/admin/logout', async (_req: Request, res: Response) => {
    redirect(res, '/admin/login', auth.clearedCookie());
  });

  for (const [route, file] of Object.entries(PAGES)) {
    server.get(route, async (req: Request, res: Response) => {
      if (auth.isAuthenticated(req)) await sendFile(res, file);
      else redirect(res, '/admin/login');
    });
  }
  server.get('/admin/static/:file', async (req: Request, res: Response) => {
    const file = String(req.params.file ?? '');
    // Only plain file names of the static folder: no paths, no dot-files.
    const notFound = () => {
      res.send(404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    };
    if (!/^[a-z0-9][a-z0-9._-]*\.(css|js|html|svg)$/i.test(file)) notFound();
    else await sendFile(res, file).catch(notFound);
  });

  const api = (method: 'get' | 'post', route: string, handler: (req: Request) => Promise<unknown>) => {
    server[method](route, async (req: Request, res: Response) => {
      if (!auth.isAuthenticated(req)) {
        res.send(401, { error: { code: 'UNAUTHORIZED', message: 'ADMIN_TOKEN required (Bearer or login)' } });
        return;
      }
      try {
        res.send(200, await handler(req));
      } catch (err) {
        if (err instanceof HandoffNotFoundError) res.send(404, { error: { code: 'HANDOFF_NOT_FOUND', message: err.message } });
        else if (err instanceof HandoffTakenError) res.send(409, { error: { code: 'HANDOFF_TAKEN', message: err.message, details: { officer: err.officer } } });
        else if (err instanceof TransactionNotFoundError) res.send(404, { error: { code: 'PAYMENT_NOT_FOUND', message: err.message } });
        else if (err instanceof TransactionClosedError) res.send(409, { error: { code: 'PAYMENT_CLOSED', message: err.message, details: { status: err.status } } });
        else if (err instanceof DeliveredMeanwhileError) res.send(409, { error: { code: 'PAYMENT_DELIVERED', message: 'The agency delivered it on a last try: no refund; the citizen has been sent the receipt.', details: { status: 'completed' } } });
        else if (err instanceof BadRequest || err instanceof InvalidResolutionError) res.send(400, { error: { code: 'BAD_REQUEST', message: err.message } });
        else throw err;
      }
    });
  };

  api('get', '/admin/api/funnel', () => funnelReport(deps.funnel, deps.titleOf));
  api('get', '/admin/api/unanswered', async () => ({ questions: await deps.unanswered.top(20) }));
  api('get', '/admin/api/satisfaction', () => deps.satisfaction.summary());
  api('get', '/admin/api/handoffs', async () => ({
    officeHours: { open: deps.handoffs.officeHours.isOpen(), text: deps.handoffs.officeHours.describe() },
    handoffs: (await deps.handoffs.list()).map(({ reference: _reference, conversationKey: _key, ...handoff }) => ({
      ...handoff,
      title: handoff.context.service ? deps.titleOf(handoff.context.service as ServiceId) : null,
      waitingMinutes: Math.floor((Date.now() - Date.parse(handoff.since)) / 60_000),
    })),
  }));
  api('post', '/admin/api/handoffs/:id/take', async (req) => {
    const { reference: _reference, conversationKey: _key, ...handoff } = await deps.handoffs.take(String(req.params.id), textField(req, 'officer', 60));
    return handoff;
  });
  api('get', '/admin/api/handoffs/:id/messages', async (req) => {
    const after = Number((req.query as { after?: string } | undefined)?.after ?? 0) || 0;
    if (!(await deps.handoffs.get(String(req.params.id)))) throw new HandoffNotFoundError();
    return { messages: await deps.handoffs.messages(String(req.params.id), after) };
  });
  api('post', '/admin/api/handoffs/:id/messages', async (req) => {
    const message = await deps.handoffs.addMessage(String(req.params.id), 'officer', textField(req, 'text', 2000));
    return { seq: message.seq };
  });
  api('post', '/admin/api/handoffs/:id/release', async (req) => {
    await deps.handoffs.release(String(req.params.id));
    return { released: true };
  });

  // Paid but not delivered: the reconciler retries for a while, then only an operator can finish it.
  const paymentView = (record: TransactionRecord) => paymentAttentionView(record, deps.titleOf(record.service));
  api('get', '/admin/api/payments/attention', async () => ({
    maxAttempts: MAX_EXECUTION_ATTEMPTS,
    payments: (await deps.transactions.undelivered()).map(paymentView),
  }));
  api('post', '/admin/api/payments/:ref/retry', async (req) => {
    const record = await deps.settlement.retry(paymentRef(req));
    deps.logger.info({ ref: record.ref, status: record.status, attempts: record.attempts }, 'operator retried a paid transaction');
    if (record.status === 'completed') notify(deps.onSettled(record));
    return paymentView(record);
  });
  api('post', '/admin/api/payments/:ref/resolve', async (req) => {
    const resolution = parseResolution(req.body);
    const record = await deps.settlement.resolve(paymentRef(req), resolution).catch((err: unknown) => {
      // The last try delivered it: the citizen gets the receipt, the operator a 409 saying so.
      if (err instanceof DeliveredMeanwhileError) notify(deps.onSettled(err.record));
      throw err;
    });
    const key = resolution.outcome === 'refunded' ? 'payments.refunded' : 'payments.deliveredByHand';
    notify(deps.tellCitizen(record, t(record.lang, key, { service: deps.titleOf(record.service)[record.lang], ref: record.ref, amount: record.amount })));
    return paymentView(record);
  });
  deps.metrics.watchPaymentsNeedingAttention(async () => {
    const undelivered = await deps.transactions.undelivered();
    const gaveUp = undelivered.filter(reconcilerGaveUp).length;
    return { retrying: undelivered.length - gaveUp, gaveUp };
  });

  // Like the payment callback: the operator gets the answer now, the citizen's channel may take longer.
  function notify(delivery: Promise<void>): void {
    void delivery.catch((err) => deps.logger.warn({ err }, 'could not notify the citizen'));
  }
}

function paymentRef(req: Request): string {
  const ref = String(req.params.ref ?? '');
  // References are ours (KH-JPJ-ROADTAX-1A2B3C4D); anything else cannot name a transaction.
  if (!/^[A-Za-z0-9-]{1,64}$/.test(ref)) throw new TransactionNotFoundError(ref.slice(0, 64));
  return ref;
}

class BadRequest extends Error {}

function textField(req: Request, name: string, max: number): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || !value.trim()) throw new BadRequest(`"${name}" (text) is required`);
  return value.trim().slice(0, max);
}
