import type { Next, Request, Response, Server } from 'restify';
import type { Bilingual } from '../i18n/lang';
import type { Logger } from '../observability/logger';
import type { KeyValueStore } from '../state/keyValueStore';
import { RateLimiter, type RateCheck, type RateDecision, type RatePlan, type RateRule } from '../state/rateLimiter';

export interface RateLimitOptions {
  /** Per citizen (Bot Framework from.id, Telegram user, WhatsApp sender, web chat conversation). */
  perUser: RateRule;
  /** Per client address, on every route except the exempt ones. */
  perIp: RateRule;
  /**
   * How many reverse proxies / load balancers stand in front of the bot. 0 (default): the socket's
   * address is the client. N: the client is the Nth address from the right of X-Forwarded-For —
   * never the leftmost, which the client writes itself.
   */
  trustedProxyHops: number;
  /**
   * Paths that are not limited per address: webhooks whose callers are a provider's servers
   * (Telegram, Meta, the payment gateway — all authenticated by signature), probes, and the
   * simulated agencies (the bot itself calls them, many times per second under load).
   */
  ipExemptPrefixes: string[];
  /**
   * True when MicrosoftAppId is set: /api/messages is then called by the Bot Connector service, so
   * its address says nothing about the citizen and only the per-user limit applies there.
   */
  botFrameworkAuth: boolean;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  // A person types or taps a few messages a minute; 30 leaves room for quick button taps.
  perUser: { limit: 30, windowSeconds: 60 },
  // A shared address (a campus, a mobile carrier's NAT) carries many citizens: generous per address.
  perIp: { limit: 600, windowSeconds: 60 },
  trustedProxyHops: 0,
  ipExemptPrefixes: ['/api/telegram', '/api/whatsapp', '/api/payments/callback', '/healthz', '/readyz', '/metrics', '/sandbox/'],
  botFrameworkAuth: false,
};

export const RATE_LIMITED: Bilingual = {
  ms: 'Terlalu banyak permintaan dalam masa yang singkat. Sila tunggu sebentar dan cuba lagi.',
  en: 'Too many requests in a short time. Please wait a moment and try again.',
};

type Body = Record<string, any> | undefined;

/** Who the citizen is, by route; undefined when the request carries no citizen (a status callback). */
export function citizenOf(path: string, body: Body): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  if (path === '/api/messages') {
    const from = body.from?.id;
    return typeof from === 'string' && from ? `bf:${String(body.channelId ?? '')}:${from}` : undefined;
  }
  if (path === '/api/telegram') {
    const from = (body.message ?? body.edited_message ?? body.callback_query)?.from?.id;
    return typeof from === 'number' || typeof from === 'string' ? `tg:${from}` : undefined;
  }
  if (path === '/api/whatsapp') {
    const from = body.entry?.[0]?.changes?.[0]?.value?.messages?.[0]?.from;
    return typeof from === 'string' ? `wa:${from}` : undefined;
  }
  // Web chat: the conversation is bound to the browser's signed token, the body's from.id is not trusted.
  const directLine = /^\/v3\/directline\/conversations\/([^/]+)\/activities\/?$/.exec(path);
  return directLine ? `dl:${decodeURIComponent(directLine[1]!)}` : undefined;
}

/** The client's address, honouring only as many X-Forwarded-For hops as we have proxies. */
export function clientAddressOf(req: Request, trustedProxyHops: number): string {
  const socketAddress = req.socket?.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return chain[chain.length - trustedProxyHops] ?? chain[0] ?? socketAddress;
}

/**
 * Per-citizen and per-address rate limits as a restify `use` handler (it runs after the body parser,
 * so the citizen's id can be read from the body). Counts live in `kv` — Redis when configured, so
 * all instances share them. A refused request gets 429, Retry-After and a bilingual message. When
 * the store itself is down the request goes through: a Redis outage must not become a total outage
 * (the turn then fails soft on its own). POST /api/messages is left to its route (see
 * DeferredRateLimit): counted after authentication, in the step that claims the turn.
 */
export function rateLimitHandler(deps: { kv: KeyValueStore; logger: Logger; options?: Partial<RateLimitOptions> }) {
  const options: RateLimitOptions = { ...DEFAULT_RATE_LIMITS, ...deps.options };
  const limiter = new RateLimiter(deps.kv);
  let warnedStoreDown = false;

  /** Answers 429 (Retry-After — the longest of the refusals, at least 1 s — and a bilingual message). */
  const refuse = (res: Response, decisions: readonly RateDecision[]): void => {
    let retryAfterSeconds = 1;
    for (const decision of decisions) if (!decision.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, decision.retryAfterSeconds);
    res.header('Retry-After', String(retryAfterSeconds));
    res.send(429, { error: { code: 'RATE_LIMITED', message: RATE_LIMITED, retryAfterSeconds } });
  };

  /** Counts `checks`; answers 429 and false when one refuses, true to go on (also when the store is down). */
  const admit = (checks: RateCheck[], res: Response): Promise<boolean> =>
    limiter.hitEach(checks).then(
      (decisions) => {
        warnedStoreDown = false;
        if (decisions.every((decision) => decision.allowed)) return true;
        refuse(res, decisions);
        return false;
      },
      (err) => {
        if (!warnedStoreDown) deps.logger.warn({ err }, 'rate limit store unavailable; letting requests through');
        warnedStoreDown = true;
        return true;
      },
    );

  // Made out here so its closures hold the checks alone, not the request's scope (the turn keeps it).
  const deferred = (checks: RateCheck[]): DeferredRateLimit => {
    return {
      plan: () => limiter.plan(checks),
      admitNow: (res) => admit(checks, res),
      admitUnauthenticated: (res) => {
        // Before authentication only the address is a fact; the body's citizen is anyone's to name.
        const unauthenticated = checks.filter((check) => check.scope === 'ip');
        return unauthenticated.length ? admit(unauthenticated, res) : Promise.resolve(true);
      },
      refuse,
    };
  };

  // An exempt prefix covers the path itself and what lies under it ("/sandbox/" only what lies under).
  const exempt = options.ipExemptPrefixes.map((prefix) => ({ path: prefix, under: prefix.endsWith('/') ? prefix : `${prefix}/` }));
  const isExempt = (path: string) => {
    for (const prefix of exempt) if (path === prefix.path || path.startsWith(prefix.under)) return true;
    return false;
  };

  // With Bot Framework auth, /api/messages is called by the Bot Connector service: its address says
  // nothing about the citizen, so only the per-citizen limit applies there.
  const ipLimitedAt = (path: string) => !isExempt(path) && !(options.botFrameworkAuth && path === '/api/messages');
  const messagesIpLimited = ipLimitedAt('/api/messages');

  /** A request's limits: per address unless exempt (or Bot Framework traffic), per citizen when it names one. */
  const checksFor = (req: Request, path: string, ipLimited = ipLimitedAt(path)): RateCheck[] => {
    const citizen = req.method === 'POST' ? citizenOf(path, req.body as Body) : undefined;
    const checks: RateCheck[] = [];
    if (ipLimited) checks.push({ scope: 'ip', callerId: clientAddressOf(req, options.trustedProxyHops), rule: options.perIp });
    if (citizen) checks.push({ scope: 'user', callerId: citizen, rule: options.perUser });
    return checks;
  };

  function rateLimit(req: Request, res: Response, next: Next): void {
    const url = req.getPath?.() ?? req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    // Left to the route (see deferredFor, DeferredRateLimit): an authenticated message is counted in
    // the store step that claims its turn, and a forged one naming a citizen spends none of that
    // citizen's allowance.
    if (req.method === 'POST' && path === '/api/messages') return next();
    const checks = checksFor(req, path);
    if (checks.length === 0) return next();
    void admit(checks, res).then((admitted) => (admitted ? next() : next(false)));
  };

  /** The limits of a POST /api/messages, which the handler leaves to its route; undefined when none apply. */
  const deferredFor = (req: Request): DeferredRateLimit | undefined => {
    const checks = checksFor(req, '/api/messages', messagesIpLimited);
    return checks.length === 0 ? undefined : deferred(checks);
  };

  return { handler: rateLimit, deferredFor };
}

/**
 * The limits of a POST /api/messages, left to its route. An authenticated message is counted with its
 * turn's claim (`plan`, see LimitAlong), or on its own (`admitNow`) when it claims no turn (no
 * activity id). A body the route refuses as malformed is counted before any authentication, so only
 * by its address (`admitUnauthenticated`): with Bot Framework auth that is nothing, as the Bot
 * Connector's address says nothing, and a forged body must not spend a citizen's allowance.
 */
export interface DeferredRateLimit {
  plan(): RatePlan;
  /** Counts every limit now; answers 429 and false when one refuses, true to go on (also when the store is down). */
  admitNow(res: Response): Promise<boolean>;
  /** Counts the per-address limit only (the request is not authenticated); as `admitNow` otherwise. */
  admitUnauthenticated(res: Response): Promise<boolean>;
  /** Answers 429 with Retry-After (the longest of the refusals, at least 1 s). */
  refuse(res: Response, decisions: readonly RateDecision[]): void;
}

/** Wires the rate limits on every route of `server` (restify runs `use` handlers for all routes); POST /api/messages' are left to its route (deferredFor). */
export function mountRateLimits(server: Server, deps: { kv: KeyValueStore; logger: Logger; options?: Partial<RateLimitOptions> }): { deferredFor(req: Request): DeferredRateLimit | undefined } {
  const limits = rateLimitHandler(deps);
  server.use(limits.handler);
  return limits;
}
