import type { Request, Response, Server } from 'restify';
import { AuthenticationError } from 'botframework-connector';
import { ActivityTypes, type ActivityHandlerBase, type TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import type { StateBackend } from '../state/backend';
import type { ReadAlong } from '../state/keyValueStore';
import { conversationStateKey, SafeBotState, userStateKey } from '../state/safeBotState';
import type { Metrics } from '../observability/metrics';
import { LockTimeoutError } from '../state/conversationLock';
import { conversationKeyOf } from '../state/conversationKey';
import { QUEUE_KEY_READ_ALONG, queueKeyOf } from '../handoff/handoffDesk';
import { asBotActivity, describeIssues, inboundActivity } from './activityBody';
import type { DeferredRateLimit } from './rateLimit';
import type { ValidatedActivityAdapter } from './botAuthentication';
import type { RateDecision, RatePlan } from '../state/rateLimiter';

export interface BotRouteDeps {
  adapter: ValidatedActivityAdapter;
  bot: ActivityHandlerBase;
  backend: StateBackend;
  logger: Logger;
  inFlight: InFlight;
  metrics: Metrics;
  /** The request's rate limits, left by the rate-limit handler to this route (see mountRateLimits). */
  rateLimitsOf: (req: Request) => DeferredRateLimit | undefined;
  /** Extra readiness checks (agencies), each throwing when not ready. */
  readinessChecks?: Record<string, () => Promise<void>>;
}

/** Tracks turns in flight so a SIGTERM can let them finish before the process exits. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** A message a rate limit refused (already answered 429). */
const REFUSED = Symbol('refused');

/** POST /api/messages (Bot Framework), GET /healthz and GET /readyz. */
export function mountBotRoutes(server: Server, deps: BotRouteDeps): void {
  const { adapter, backend, logger, inFlight, metrics } = deps;

  server.post('/api/messages', async (req: Request, res: Response) => {
    // This request's rate limits, left to this route: counted with the turn's claim, after authentication.
    const limits = deps.rateLimitsOf(req);
    const parsed = inboundActivity.safeParse(req.body);
    if (!parsed.success) {
      // Not authenticated, and it never will be: only its address counts (see DeferredRateLimit).
      if (limits && !(await limits.admitUnauthenticated(res))) return;
      res.send(400, { error: { code: 'BAD_ACTIVITY', message: describeIssues(parsed.error) } });
      return;
    }
    const activity = parsed.data;
    const conversationKey = conversationKeyOf(activity);
    const timer = metrics.turns.startTimer({ channel: activity.channelId });
    try {
      // Validated above, so not through CloudAdapter.process (see ValidatedActivityAdapter).
      const botActivity = asBotActivity(activity);
      const invoke = await inFlight.track(async () => {
        const authenticated = await adapter.authenticate(req.headers.authorization ?? '', botActivity);
        // A message without an id claims no turn: its limits are counted on their own.
        if (!activity.id && limits && !(await limits.admitNow(res))) return REFUSED;
        const turn = new MessageTurn(deps, conversationKey, activity.id, activity.id ? limits : undefined);
        const invoke = await adapter.processAuthenticated(authenticated, botActivity, turn.logic);
        if (!turn.refused) return invoke;
        // Refused by a limit: the message did not run and is not marked handled, so its retry may.
        limits!.refuse(res, turn.refused);
        return REFUSED;
      });
      if (invoke === REFUSED) return;
      // As CloudAdapter.process answers: the invoke response (expectReplies: the replies), else 200.
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.send(invoke.body);
      res.end();
      timer();
    } catch (err) {
      if (err instanceof LockTimeoutError) {
        res.send(503, { error: { code: 'BUSY', message: 'conversation busy, retry' } });
        return;
      }
      if (err instanceof AuthenticationError) {
        if (!res.headersSent) res.send(401, { error: { code: 'UNAUTHORIZED', message: 'authentication failed' } });
        return;
      }
      logger.error({ err }, 'turn failed outside the bot');
      if (!res.headersSent) res.send(500, { error: { code: 'INTERNAL', message: 'internal error' } });
    }
  });

  server.get('/metrics', async (_req: Request, res: Response) => {
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send({ status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const checks: Record<string, () => Promise<void>> = { storage: () => backend.ping(), ...deps.readinessChecks };
    const results: Record<string, string> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        results[name] = await check().then(
          () => 'ok',
          () => 'unavailable',
        );
      }),
    );
    const ready = Object.values(results).every((value) => value === 'ok');
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
  });
}

/**
 * What a message's turn runs once authenticated: the bot, under the conversation's lock, claiming the
 * message's handled-mark and counting its rate limits in the same step. Built out here, not in the
 * route: its `logic` stays in the turn's context after the turn, and a closure written inside the
 * route shares its scope with the request and response — alternating benchmark runs were a few
 * percent slower per turn with that.
 */
class MessageTurn {
  /** The decisions, when a rate limit refused the message (nothing ran). */
  refused?: RateDecision[];
  readonly logic: (context: TurnContext) => Promise<void>;

  constructor(deps: BotRouteDeps, conversationKey: string, activityId: string | undefined, limits: DeferredRateLimit | undefined) {
    const { backend, bot } = deps;
    // A redelivery of a message already handled is acknowledged and not run again: its id is claimed
    // with the conversation's lock (one Redis command), and a claimed one runs nothing — the answer
    // is then an empty list of replies (expectReplies) or a bare 200, as for a message with no reply.
    const handledId = activityId ? `${conversationKey}:${activityId}` : undefined;
    const mark = handledId ? backend.dedupe.mark('activity', handledId) : undefined;
    this.logic = async (context) => {
      if (!mark) return backend.lock.run(conversationKey, () => bot.run(context));
      try {
        const outcome = await backend.lock.runOnce(
          conversationKey,
          mark,
          (lease) => {
            // The turn's last state write may release the lock in the same step (Redis).
            SafeBotState.releaseAlong(context, lease);
            return bot.run(context);
          },
          readStateAlong(context, backend, conversationKey),
          // Planned when the claim is made — after any wait behind this conversation's earlier turns,
          // so the window is the one the count lands in. (Waiting first is the price of one command:
          // a flood on one conversation queues here and is refused at the front of the queue.)
          limits && (() => {
            const plan = limits.plan();
            return { entries: plan.entries, into: (counts) => (this.counts = { plan, counts }) };
          }),
        );
        // Judged only when refused (for Retry-After): the claim itself compared the counts with the limits.
        if (!outcome.ran && outcome.limited) this.refused = this.counts ? this.counts.plan.judge(this.counts.counts) : [];
      } catch (err) {
        // Gave up waiting for the conversation: the turn did not run, so a redelivery may.
        if (err instanceof LockTimeoutError) await backend.dedupe.forget('activity', handledId!).catch(() => undefined);
        throw err;
      }
    };
  }

  private counts?: { plan: RatePlan; counts: ReadonlyArray<readonly [number, string | null]> };
}

/**
 * A message's two state documents (conversation, user), read in the step that takes the conversation
 * lock when the backend can (Redis): the turn then starts with them instead of reading them. The keys
 * are the ones KhidmatBot's states use (conversationStateKey, userStateKey). A document that cannot
 * be decoded is not handed over: the turn's own read meets it and fails soft as usual. The
 * conversation's key in the officers' queue is read along too (see QUEUE_KEY_READ_ALONG).
 */
function readStateAlong(context: TurnContext, backend: StateBackend, conversationKey: string): ReadAlong | undefined {
  const along = backend.stateReadAlong;
  if (!along || context.activity.type !== ActivityTypes.Message) return undefined;
  const keys = [conversationStateKey(context), userStateKey(context)];
  return {
    keys: [...keys.map((key) => along.kvKey(key)), queueKeyOf(conversationKey)],
    into: (values) => {
      context.turnState.set(QUEUE_KEY_READ_ALONG, values[2] ?? null);
      // A document that cannot be decoded throws here; the store then leaves it to the turn's own read.
      SafeBotState.prefetched(context, new Map(keys.map((key, i) => [key, values[i] == null ? undefined : along.decode(values[i]!)])));
    },
  };
}
