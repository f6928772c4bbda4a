import { AuthenticationError, BotFrameworkAuthentication, ClaimsIdentity, ConnectorFactory, type AuthenticateRequestResult, type ConnectorClient, type UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BotAuthentication } from '../../src/server/botAuthentication';

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
  async authenticateRequest(): Promise<AuthenticateRequestResult> {
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
