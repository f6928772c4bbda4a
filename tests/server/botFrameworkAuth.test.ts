import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';

/**
 * With MicrosoftAppId set, /api/messages accepts only tokens Bot Framework signed for this bot. The
 * real validation code runs (botframework-connector's JwtTokenExtractor); only the place the signing
 * keys are published is a local fake, since nothing here reaches login.botframework.com.
 */
const APP_ID = '6f1c0b52-8d5e-4a5e-9b61-1f0e2d3c4b5a';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://webchat.botframework.com/';

const channelKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'khidmat-test-key';

function sign(claims: Record<string, unknown>, key: KeyObject = channelKey.privateKey, kid = KID): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, exp: now + 600, ...claims })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

let openId: Server;
let app: Khidmat;
let base: string;

beforeAll(async () => {
  openId = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') return res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${origin}/keys` }));
    if (req.url === '/keys') return res.end(JSON.stringify({ keys: [{ ...channelKey.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['webchat'] }] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => openId.listen(0, '127.0.0.1', resolve));
  const metadata = `http://127.0.0.1:${(openId.address() as AddressInfo).port}/.well-known/openidconfiguration`;
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-for-expect-replies' });
  app = await startKhidmat(config, { port: 0, logger: createLogger({ level: 'silent' }), botFrameworkOpenIdMetadataUrl: metadata });
  base = `http://127.0.0.1:${app.port}`;
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => openId?.close(resolve));
});

function post(authorization: string | undefined, channelId = 'webchat', ids: { activity?: string; conversation?: string; citizen?: string } = {}) {
  return fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({
      type: 'message',
      id: ids.activity ?? randomUUID(),
      text: 'hai',
      channelId,
      serviceUrl: SERVICE_URL,
      deliveryMode: 'expectReplies',
      conversation: { id: ids.conversation ?? `jwt-${randomUUID()}` },
      from: { id: ids.citizen ?? `citizen-${randomUUID()}` },
      recipient: { id: APP_ID },
    }),
  });
}

describe('Bot Framework JWT on /api/messages (MicrosoftAppId set)', () => {
  it('answers a message carrying a token the channel signed for this bot', async () => {
    const res = await post(`Bearer ${sign({})}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ text?: string }> };
    expect(body.activities.map((a) => a.text).join('\n')).toContain('pembantu automatik');
  });

  it('answers the same way on the next turn (the outbound clients are reused, not rebuilt)', async () => {
    for (let i = 0; i < 3; i += 1) expect((await post(`Bearer ${sign({})}`)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['a token signed by another key under the same key id', () => `Bearer ${sign({}, attackerKey.privateKey)}`],
    ['a token naming an unpublished key', () => `Bearer ${sign({}, attackerKey.privateKey, 'attacker-key')}`],
    ['a token for another bot', () => `Bearer ${sign({ aud: 'someone-else' })}`],
    ['an expired token', () => `Bearer ${sign({ nbf: 1_600_000_000, exp: 1_600_000_600 })}`],
    ['a token from another issuer', () => `Bearer ${sign({ iss: 'https://evil.example' })}`],
    ['a token for another service URL', () => `Bearer ${sign({ serviceurl: 'https://evil.example/' })}`],
  ])('refuses %s with 401 and runs no turn', async (_name, header) => {
    const res = await post(header());
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('pembantu automatik');
  });

  it('a refused request cannot touch the record of handled messages: a redelivery after it is still recognised', async () => {
    const ids = { activity: randomUUID(), conversation: `jwt-${randomUUID()}`, citizen: `citizen-${randomUUID()}` };
    expect((await post(`Bearer ${sign({})}`, 'webchat', ids)).status).toBe(200);
    expect((await post(`Bearer ${sign({}, attackerKey.privateKey)}`, 'webchat', ids)).status).toBe(401);
    const redelivery = await post(`Bearer ${sign({})}`, 'webchat', ids);
    expect(redelivery.status).toBe(200);
    expect(((await redelivery.json()) as { activities: unknown[] }).activities).toEqual([]);
  });

  it("forged requests naming a citizen do not spend that citizen's allowance (the limit is counted after the token is checked)", async () => {
    const citizen = `citizen-${randomUUID()}`;
    // More forgeries than the per-citizen limit (30 a minute): each is refused as unauthenticated.
    for (let i = 0; i < 35; i += 1) expect((await post(`Bearer ${sign({}, attackerKey.privateKey)}`, 'webchat', { citizen })).status).toBe(401);
    expect((await post(`Bearer ${sign({})}`, 'webchat', { citizen })).status).toBe(200);
  });

  it("malformed bodies naming a citizen do not spend that citizen's allowance either (they are never authenticated)", async () => {
    const citizen = `citizen-${randomUUID()}`;
    // No conversation: refused as malformed (400) before any token check — 35 of them, past the limit of 30.
    for (let i = 0; i < 35; i += 1) {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', id: randomUUID(), channelId: 'webchat', from: { id: citizen } }) });
      expect(res.status).toBe(400);
    }
    expect((await post(`Bearer ${sign({})}`, 'webchat', { citizen })).status).toBe(200);
  });

  it('still limits a citizen whose requests are genuine: past 30 a minute, 429 with Retry-After', async () => {
    const citizen = `citizen-${randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await post(`Bearer ${sign({})}`, 'webchat', { citizen })).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    const limited = await post(`Bearer ${sign({})}`, 'webchat', { citizen });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('refuses a key the channel did not endorse for this channel', async () => {
    expect((await post(`Bearer ${sign({})}`, 'telegram-impostor')).status).toBe(401);
  });
});
