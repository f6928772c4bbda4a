import { AuthenticationError, BotFrameworkAuthentication, ClaimsIdentity, ConnectorFactory, type AuthenticateRequestResult, type ConnectorClient, type UserTokenClient } from 'botframework-connector';
import { ActivityTypes, BotCallbackHandlerKey, type Activity, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BotAuthentication, ValidatedActivityAdapter } from '../../src/server/botAuthentication';

/** An inner authentication that counts what it builds. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectorsBuilt: string[] = [];
  tokenClientsBuilt = 0;
  failNextConnector = false;
  authError?: Error;
  private factory = (() => {
    const outer = this;
    return new (class extends ConnectorFactory {
      async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        if (outer.failNextConnector) {
          outer.failNextConnector = false;
          throw new Error('credentials unavailable');
        }
        outer.connectorsBuilt.push(`${serviceUrl}|${audience}`);
        return { serviceUrl } as unknown as ConnectorClient;
      }
    })();
  })();
  authentications = 0;
  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    this.authentications += 1;
    if (this.authError) throw this.authError;
    return { audience: 'aud', callerId: '', claimsIdentity: new ClaimsIdentity([], true), connectorFactory: this.factory };
  }
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest();
  }
  createConnectorFactory(): ConnectorFactory {
    return this.factory;
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClientsBuilt += 1;
    return { getTokenStatus: async () => [{ channelId: 'x' }] } as unknown as UserTokenClient;
  }
}

const activity = { type: 'message', channelId: 'webchat' } as Activity;

describe('BotAuthentication', () => {
  it('builds one connector per service URL and audience, and reuses it on later turns', async () => {
    const inner = new CountingAuthentication();
    const auth = new BotAuthentication(inner);
    const first = await (await auth.authenticateRequest(activity, '')).connectorFactory!.create('https://a/', 'aud');
    const second = await (await auth.authenticateRequest(activity, '')).connectorFactory!.create('https://a/', 'aud');
    await (await auth.authenticateRequest(activity, '')).connectorFactory!.create('https://b/', 'aud');
    await auth.createConnectorFactory(new ClaimsIdentity([], true)).create('https://a/', 'other');
    expect(second).toBe(first);
    expect(inner.connectorsBuilt).toEqual(['https://a/|aud', 'https://b/|aud', 'https://a/|other']);
  });

  it('does not remember a connector that failed to build', async () => {
    const inner = new CountingAuthentication();
    const auth = new BotAuthentication(inner);
    inner.failNextConnector = true;
    const factory = (await auth.authenticateRequest(activity, '')).connectorFactory!;
    await expect(factory.create('https://a/', 'aud')).rejects.toThrow('credentials unavailable');
    await expect(factory.create('https://a/', 'aud')).resolves.toBeDefined();
    expect(inner.connectorsBuilt).toEqual(['https://a/|aud']);
  });

  it('builds the user token client only when something uses it', async () => {
    const inner = new CountingAuthentication();
    const auth = new BotAuthentication(inner);
    const client = await auth.createUserTokenClient(new ClaimsIdentity([], true));
    expect(inner.tokenClientsBuilt).toBe(0);
    await expect(client.getTokenStatus('u', 'c', '')).resolves.toEqual([{ channelId: 'x' }]);
    await client.getTokenStatus('u', 'c', '');
    expect(inner.tokenClientsBuilt).toBe(1);
  });

  it('turns a token that fails verification into an authentication error (401), and passes other errors on', async () => {
    const inner = new CountingAuthentication();
    const auth = new BotAuthentication(inner);
    inner.authError = Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' });
    await expect(auth.authenticateRequest(activity, 'Bearer x')).rejects.toBeInstanceOf(AuthenticationError);
    inner.authError = new Error('socket hang up');
    await expect(auth.authenticateRequest(activity, 'Bearer x')).rejects.not.toBeInstanceOf(AuthenticationError);
  });
});

describe("BotAuthentication remembers a request's authentication", () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const bearer = (exp?: number) => `Bearer ${part({ alg: 'RS256' })}.${part(exp === undefined ? {} : { exp })}.signature`;
  const from = (serviceUrl: string, channelId = 'webchat') => ({ type: 'message', channelId, serviceUrl }) as Activity;
  let clock = 1_000_000_000_000;
  const setUp = (maxRemembered?: number) => {
    const inner = new CountingAuthentication();
    return { inner, auth: new BotAuthentication(inner, { now: () => clock, maxRemembered }) };
  };

  it('for the same token, channel and service URL — and asks again for any other', async () => {
    const { inner, auth } = setUp();
    const token = bearer(clock / 1000 + 3600);
    const first = await auth.authenticateRequest(from('https://a/'), token);
    expect(await auth.authenticateRequest(from('https://a/'), token)).toBe(first);
    expect(inner.authentications).toBe(1);
    await auth.authenticateRequest(from('https://b/'), token);
    await auth.authenticateRequest(from('https://a/', 'msteams'), token);
    await auth.authenticateRequest(from('https://a/'), bearer(clock / 1000 + 3601));
    // The recipient's role decides an Emulator skill's claims when authentication is off.
    await auth.authenticateRequest({ ...from('https://a/'), recipient: { id: 'bot', name: 'bot', role: 'skill' } } as Activity, token);
    expect(inner.authentications).toBe(5);
  });

  it('until the token expires, five minutes at most, and not at all without a readable expiry', async () => {
    const { inner, auth } = setUp();
    const token = bearer(clock / 1000 + 60);
    await auth.authenticateRequest(from('https://a/'), token);
    clock += 59_000;
    await auth.authenticateRequest(from('https://a/'), token);
    expect(inner.authentications).toBe(1);
    clock += 1_000;
    await auth.authenticateRequest(from('https://a/'), token);
    expect(inner.authentications).toBe(2);
    // No authentication configured (no header): the answer does not expire, but is asked again after five minutes.
    await auth.authenticateRequest(from('https://a/'), '');
    clock += 5 * 60_000 - 1;
    await auth.authenticateRequest(from('https://a/'), '');
    expect(inner.authentications).toBe(3);
    clock += 1;
    await auth.authenticateRequest(from('https://a/'), '');
    expect(inner.authentications).toBe(4);
    for (const unreadable of [bearer(), 'Bearer not-a-jwt']) {
      await auth.authenticateRequest(from('https://a/'), unreadable);
      await auth.authenticateRequest(from('https://a/'), unreadable);
    }
    expect(inner.authentications).toBe(8);
  });

  it('but never a refusal, and only so many at once (the oldest is forgotten first)', async () => {
    const { inner, auth } = setUp(2);
    const token = bearer(clock / 1000 + 3600);
    inner.authError = Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' });
    await expect(auth.authenticateRequest(from('https://a/'), token)).rejects.toBeInstanceOf(AuthenticationError);
    inner.authError = undefined;
    await auth.authenticateRequest(from('https://a/'), token);
    expect(inner.authentications).toBe(2);
    await auth.authenticateRequest(from('https://b/'), token);
    await auth.authenticateRequest(from('https://c/'), token);
    await auth.authenticateRequest(from('https://c/'), token);
    await auth.authenticateRequest(from('https://b/'), token);
    expect(inner.authentications).toBe(4);
    await auth.authenticateRequest(from('https://a/'), token);
    expect(inner.authentications).toBe(5);
  });
});

describe('ValidatedActivityAdapter runs a turn as CloudAdapter does', () => {
  const turnOf = (extra: Partial<Activity> = {}) =>
    ({ type: 'message', id: 'a1', channelId: 'webchat', serviceUrl: 'https://svc/', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' }, text: 'hai', locale: 'ms-MY', ...extra }) as Activity;
  const setUp = async (activity: Activity) => {
    const adapter = new ValidatedActivityAdapter(new BotAuthentication(new CountingAuthentication()));
    return { adapter, authenticated: await adapter.authenticate('', activity) };
  };

  it('answers expectReplies with the replies, through the middleware, with the turn state CloudAdapter sets', async () => {
    const activity = turnOf({ deliveryMode: 'expectReplies' });
    const { adapter, authenticated } = await setUp(activity);
    const seen: string[] = [];
    adapter.use(async (context, next) => {
      seen.push(`middleware:${context.locale}`);
      await next();
    });
    const logic = async (context: TurnContext) => {
      expect(context.turnState.get(adapter.ConnectorClientKey)).toEqual({ serviceUrl: 'https://svc/' });
      expect(context.turnState.get(adapter.BotIdentityKey)).toBe(authenticated.claimsIdentity);
      expect(context.turnState.get(adapter.OAuthScopeKey)).toBe('aud');
      expect(context.turnState.get(adapter.ConnectorFactoryKey)).toBe(authenticated.connectorFactory);
      expect(context.turnState.get(adapter.UserTokenClientKey)).toBeDefined();
      expect(context.turnState.get(BotCallbackHandlerKey)).toBe(logic);
      expect(context.activity.callerId).toBe(authenticated.callerId);
      seen.push('bot');
      await context.sendActivity('salam');
    };
    const result = await adapter.processAuthenticated(authenticated, activity, logic);
    expect(seen).toEqual(['middleware:ms-MY', 'bot']);
    expect(result?.status).toBe(200);
    expect((result?.body as { activities: Activity[] }).activities.map((reply) => [reply.text, reply.replyToId])).toEqual([['salam', 'a1']]);
  });

  it('answers an invoke with the response the bot set, 501 when it set none, and nothing for a plain message', async () => {
    const invoke = turnOf({ type: ActivityTypes.Invoke, name: 'x' });
    const { adapter, authenticated } = await setUp(invoke);
    const answered = await adapter.processAuthenticated(authenticated, invoke, async (context) => {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { ok: true } } });
    });
    expect(answered).toEqual({ status: 200, body: { ok: true } });
    expect(await adapter.processAuthenticated(authenticated, invoke, async () => undefined)).toEqual({ status: 501 });
    const message = turnOf();
    const sent: string[] = [];
    adapter.sendActivities = async (_context, activities) => activities.map((reply) => (sent.push(reply.text ?? ''), { id: 'r' }));
    expect(await adapter.processAuthenticated(authenticated, message, async (context) => void (await context.sendActivity('sent')))).toBeUndefined();
    expect(sent).toEqual(['sent']);
  });

  it("hands a failing turn to onTurnError (or throws without one), and revokes the turn's context when it ends", async () => {
    const activity = turnOf({ deliveryMode: 'expectReplies' });
    const { adapter, authenticated } = await setUp(activity);
    let kept: TurnContext | undefined;
    await expect(
      adapter.processAuthenticated(authenticated, activity, async (context) => {
        kept = context;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // Used after its turn: the revoked proxy refuses, as botbuilder's does.
    expect(() => kept!.activity).toThrow(TypeError);
    const errors: string[] = [];
    adapter.onTurnError = async (context, error) => {
      errors.push(error.message);
      await context.sendActivity('maaf');
    };
    const result = await adapter.processAuthenticated(authenticated, activity, async () => {
      throw new Error('again');
    });
    expect(errors).toEqual(['again']);
    expect((result?.body as { activities: Activity[] }).activities.map((reply) => reply.text)).toEqual(['maaf']);
  });
});
