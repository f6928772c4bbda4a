import { ActivityTypes, BotCallbackHandlerKey, CloudAdapter, DeliveryModes, INVOKE_RESPONSE_KEY, StatusCodes, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import { hash } from 'node:crypto';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  ConnectorFactory,
  UserTokenClient,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';

/** Service URLs seen by one bot are a handful (one per channel); the bound only guards against abuse. */
const MAX_CACHED_CONNECTORS = 64;
/** A request's authentication is remembered this long at most (a token's own expiry comes first). */
const AUTHENTICATION_KEPT_MS = 5 * 60_000;
/** The Bot Connector sends one token for many messages; the bound only guards against abuse. */
const MAX_REMEMBERED_AUTHENTICATIONS = 1_000;

/**
 * Bot Framework authentication as configured, with three changes. A request's authentication is
 * remembered for its token (see authenticateRequest). A token whose signature does not
 * verify is refused with 401 (botbuilder lets jsonwebtoken's error through, which CloudAdapter turns
 * into a 500). And outbound clients are not rebuilt on every turn. CloudAdapter asks for a new ConnectorClient and a new UserTokenClient per inbound
 * activity; each builds an @azure HTTP pipeline, which was about a tenth of a turn's CPU. Khidmat is
 * one bot (one app id, not a skill), so a ConnectorClient per (service URL, audience) can be reused —
 * as the older BotFrameworkAdapter did — and the token client, which Khidmat never uses (no Bot
 * Framework sign-in), is only built if something asks it for a token.
 */
export class BotAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly remembered = new Map<string, { result: AuthenticateRequestResult; until: number }>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly options: { now?: () => number; maxRemembered?: number } = {},
  ) {
    super();
  }

  /**
   * The inner authentication's answer, remembered for the same token, channel, service URL and
   * recipient role (everything it reads) until the token expires, five minutes at most. The Bot
   * Connector signs one token for many messages, and validating it again gave the same answer each
   * time for a good part of a turn's CPU — botframework-connector's validation is compiled to
   * generators (see ValidatedActivityAdapter). A refusal is not remembered: every bad token is
   * checked. The key is a digest: no bearer token is kept in memory after its request.
   */
  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const now = (this.options.now ?? Date.now)();
    const key = hash('sha256', `${authHeader}\n${activity.channelId}\n${activity.serviceUrl ?? ''}\n${activity.recipient?.role ?? ''}`, 'base64');
    const known = this.remembered.get(key);
    if (known && known.until > now) return known.result;
    const result = this.withReusedConnectors(await refusingBadTokens(this.inner.authenticateRequest(activity, authHeader)));
    const until = Math.min(now + AUTHENTICATION_KEPT_MS, expiryOf(authHeader) ?? Infinity);
    if (until > now) {
      this.remembered.delete(key);
      if (this.remembered.size >= (this.options.maxRemembered ?? MAX_REMEMBERED_AUTHENTICATIONS)) this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(key, { result, until });
    }
    return result;
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withReusedConnectors(await refusingBadTokens(this.inner.authenticateStreamingRequest(authHeader, channelIdHeader)));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(this.inner.createConnectorFactory(claimsIdentity));
  }

  async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return new LazyUserTokenClient(() => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withReusedConnectors(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory) } : result;
  }

  private reusing(factory: ConnectorFactory): ConnectorFactory {
    return new ReusingConnectorFactory(factory, this.connectors);
  }
}

/** Hands out the ConnectorClient already made for a (service URL, audience), else makes and keeps one. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly factory: ConnectorFactory,
    private readonly connectors: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const connectors = this.connectors;
    const key = `${serviceUrl}\n${audience ?? ''}`;
    let client = connectors.get(key);
    if (!client) {
      if (connectors.size >= MAX_CACHED_CONNECTORS) connectors.delete(connectors.keys().next().value!);
      client = this.factory.create(serviceUrl, audience);
      // A failed creation (credentials) must not be remembered.
      const created = client;
      created.catch(() => {
        if (connectors.get(key) === created) connectors.delete(key);
      });
      connectors.set(key, client);
    }
    return client;
  }
}

/**
 * When a bearer token stops being valid (its `exp`, in ms); undefined without a header (no
 * authentication configured: nothing expires); 0 for a token whose expiry cannot be read, so that
 * it is never remembered.
 */
function expiryOf(authHeader: string): number | undefined {
  if (!authHeader.trim()) return undefined;
  try {
    const payload = authHeader.trim().split(/\s+/).at(-1)!.split('.')[1] ?? '';
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** jsonwebtoken's errors (bad signature, malformed, not yet valid) are the caller's fault: 401. */
async function refusingBadTokens<T>(authenticating: Promise<T>): Promise<T> {
  try {
    return await authenticating;
  } catch (err) {
    const name = (err as Error | undefined)?.name;
    if (name === 'JsonWebTokenError' || name === 'NotBeforeError' || name === 'TokenExpiredError') throw new AuthenticationError('Unauthorized. Invalid token.', 401);
    throw err;
  }
}

/** Builds the real token client on first use. */
class LazyUserTokenClient extends UserTokenClient {
  private client?: Promise<UserTokenClient>;

  constructor(private readonly build: () => Promise<UserTokenClient>) {
    super();
  }

  private real(): Promise<UserTokenClient> {
    this.client ??= this.build();
    return this.client;
  }

  async getUserToken(...args: Parameters<UserTokenClient['getUserToken']>) {
    return (await this.real()).getUserToken(...args);
  }
  async getSignInResource(...args: Parameters<UserTokenClient['getSignInResource']>) {
    return (await this.real()).getSignInResource(...args);
  }
  async signOutUser(...args: Parameters<UserTokenClient['signOutUser']>) {
    return (await this.real()).signOutUser(...args);
  }
  async getTokenStatus(...args: Parameters<UserTokenClient['getTokenStatus']>) {
    return (await this.real()).getTokenStatus(...args);
  }
  async getAadTokens(...args: Parameters<UserTokenClient['getAadTokens']>) {
    return (await this.real()).getAadTokens(...args);
  }
  async exchangeToken(...args: Parameters<UserTokenClient['exchangeToken']>) {
    return (await this.real()).exchangeToken(...args);
  }
}

/**
 * CloudAdapter with two more public entries, so the route can authenticate an activity it has already
 * validated, do what must follow the token check (the per-citizen rate limit), and then run the turn.
 * CloudAdapter.process would build its zod schemas anew and validate the body again on every request —
 * a few percent of a turn for nothing the route had not checked.
 *
 * The turn itself runs as CloudAdapterBase.processActivity and BotAdapter.runMiddleware do in
 * botbuilder 4.23 (same turn state, middleware, error handler and replies), written again with native
 * async functions: botbuilder ships its async methods compiled to generators (TypeScript's
 * __awaiter). A generator's await costs several times a native one's, these two stay suspended for
 * the whole turn, and a process running such code promotes most of what survives a young-generation
 * collection (measured; why, not found — docs/benchmark.md, "Generators"). With SafeBotState's
 * property accessors and KhidmatBot's own dispatch, this took ~9 % off a turn's CPU (alternating 8-s runs).
 */
export class ValidatedActivityAdapter extends CloudAdapter {
  /** Checks the Bot Framework token (AuthenticationError when it does not hold). */
  authenticate(authorization: string, activity: Activity): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the turn of an activity `authenticate` accepted. */
  async processAuthenticated(authenticated: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const { claimsIdentity, audience, connectorFactory } = authenticated;
    (activity as { callerId?: string }).callerId = authenticated.callerId;
    const connectorClient = await connectorFactory?.create(activity.serviceUrl, audience);
    if (!connectorClient) throw new Error('Unable to extract ConnectorClient from turn context.');
    const userTokenClient = await this.botFrameworkAuthentication.createUserTokenClient(claimsIdentity);
    const context = new TurnContext(this, activity);
    context.turnState.set(this.BotIdentityKey, claimsIdentity);
    context.turnState.set(this.ConnectorClientKey, connectorClient);
    context.turnState.set(this.UserTokenClientKey, userTokenClient);
    context.turnState.set(BotCallbackHandlerKey, logic);
    context.turnState.set(this.ConnectorFactoryKey, connectorFactory);
    context.turnState.set(this.OAuthScopeKey, audience);
    await this.runMiddleware(context, logic);
    return turnResults(context);
  }

  protected override async runMiddleware(context: TurnContext, next: (revocableContext: TurnContext) => Promise<void>): Promise<void> {
    if (context.activity?.locale) context.locale = context.activity.locale;
    // As botbuilder does: the context handed to the bot is revoked when the turn ends, so a late use fails loudly.
    const revocable = Proxy.revocable(context, {});
    try {
      await this.middleware.run(revocable.proxy, () => next(revocable.proxy));
    } catch (err) {
      if (!this.onTurnError) throw err;
      await this.onTurnError(revocable.proxy, err as Error);
    } finally {
      revocable.revoke();
    }
  }
}

/** What the turn answers over HTTP: the buffered replies (expectReplies), an invoke's response, or nothing. */
function turnResults(context: TurnContext): InvokeResponse | undefined {
  if (context.activity.deliveryMode === DeliveryModes.ExpectReplies) return { status: StatusCodes.OK, body: { activities: context.bufferedReplyActivities } };
  if (context.activity.type === ActivityTypes.Invoke) {
    const invoked = context.turnState.get(INVOKE_RESPONSE_KEY) as { value?: InvokeResponse } | undefined;
    return invoked ? invoked.value : { status: StatusCodes.NOT_IMPLEMENTED };
  }
  return undefined;
}
