import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../observability/logger';
import type { KeyValueStore } from '../../state/keyValueStore';
import { LockTimeoutError } from '../../state/conversationLock';
import { ConversationNotFoundError } from './conversationStore';
import { BadActivityError, type DirectLineService } from './directLineService';
import { TokenRejectedError, bearerToken, type TokenClaims, type TokenSigner } from './tokens';

const BASE = '/v3/directline';
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Too many conversations started from one address in a minute (a script, not a citizen). */
class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many new conversations from this address');
    this.name = 'RateLimitedError';
  }
}

export interface RouteDeps {
  service: DirectLineService;
  signer: () => Promise<TokenSigner>;
  kv: KeyValueStore;
  logger: Logger;
  /** New conversations per client address per minute. */
  generateLimitPerMinute: number;
  now: () => number;
}

/**
 * The REST half of Direct Line 3.0. Every conversation route checks that the bearer token was issued
 * for the conversation in the path: an id alone opens nothing.
 */
export function mountDirectLineRoutes(server: Server, deps: RouteDeps): void {
  const { service } = deps;

  const handle =
    (work: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      // Tokens travel in a header, never a cookie, so any site may embed a Direct Line client.
      res.header('Access-Control-Allow-Origin', '*');
      res.header('Cache-Control', 'no-store');
      try {
        await work(req, res);
      } catch (err) {
        sendError(res, err, deps.logger);
      }
    };

  const claimsFor = async (req: Request, conversationId?: string): Promise<{ claims: TokenClaims; token: string }> => {
    if (conversationId !== undefined && !CONVERSATION_ID.test(conversationId)) throw new TokenRejectedError('conversation');
    const token = bearerToken(req.headers.authorization);
    return { claims: (await deps.signer()).verify(token, conversationId), token: token! };
  };

  server.opts(`${BASE}/*`, async (_req: Request, res: Response) => {
    res.header('Access-Control-Allow-Origin', '*');
    res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent');
    res.header('Access-Control-Max-Age', '600');
    res.send(204);
  });

  server.post(
    `${BASE}/tokens/generate`,
    handle(async (req, res) => {
      await limitNewConversations(deps, req);
      res.send(200, await service.generate());
    }),
  );

  server.post(
    `${BASE}/tokens/refresh`,
    handle(async (req, res) => {
      const { claims } = await claimsFor(req);
      res.send(200, await service.refresh(claims));
    }),
  );

  server.post(
    `${BASE}/conversations`,
    handle(async (req, res) => {
      const { claims, token } = await claimsFor(req);
      const { created, conversation } = await service.start(claims, token);
      res.send(created ? 201 : 200, conversation);
    }),
  );

  server.get(
    `${BASE}/conversations/:conversationId`,
    handle(async (req, res) => {
      const { claims, token } = await claimsFor(req, req.params.conversationId);
      res.send(200, await service.resume(claims, token, queryString(req, 'watermark')));
    }),
  );

  server.get(
    `${BASE}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const { claims } = await claimsFor(req, req.params.conversationId);
      res.send(200, await service.history(claims, queryString(req, 'watermark')));
    }),
  );

  server.post(
    `${BASE}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const { claims } = await claimsFor(req, req.params.conversationId);
      res.send(200, await service.post(claims, req.body));
    }),
  );
}

async function limitNewConversations(deps: RouteDeps, req: Request): Promise<void> {
  const address = req.socket?.remoteAddress ?? 'unknown';
  const now = deps.now();
  const minute = Math.floor(now / 60_000);
  const count = await deps.kv.increment(`directline:rate:${address}:${minute}`, 90);
  if (count > deps.generateLimitPerMinute) throw new RateLimitedError(60 - Math.floor((now / 1000) % 60));
}

function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

function sendError(res: Response, err: unknown, logger: Logger): void {
  if (res.headersSent) return;
  if (err instanceof TokenRejectedError) {
    if (err.reason === 'missing') res.send(401, { error: { code: 'Unauthorized', message: 'a Bearer token is required' } });
    else if (err.reason === 'expired') res.send(403, { error: { code: 'TokenExpired', message: 'the token has expired' } });
    else res.send(403, { error: { code: 'Forbidden', message: 'the token is not valid for this conversation' } });
  } else if (err instanceof ConversationNotFoundError) {
    res.send(404, { error: { code: 'NotFound', message: 'conversation not found or expired' } });
  } else if (err instanceof BadActivityError) {
    res.send(400, { error: { code: 'BadArgument', message: err.message } });
  } else if (err instanceof RateLimitedError) {
    res.header('Retry-After', String(err.retryAfterSeconds));
    res.send(429, { error: { code: 'TooManyRequests', message: 'too many new conversations; try again shortly' } });
  } else if (err instanceof LockTimeoutError) {
    res.send(503, { error: { code: 'ServiceUnavailable', message: 'conversation busy, retry' } });
  } else {
    logger.error({ err }, 'directline request failed');
    res.send(500, { error: { code: 'ServiceError', message: 'internal error' } });
  }
}
