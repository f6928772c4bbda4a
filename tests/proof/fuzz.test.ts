import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { createDirectLineMount } from '../../src/channels/directline';
import { mountTelegram } from '../../src/channels/telegram';
import { mountWhatsApp } from '../../src/channels/whatsapp';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { ROUTES } from '../../src/sandbox/contract';
import { FakeTelegramApi } from '../channels/fakes/telegramApi';
import { FakeWhatsAppApi } from '../channels/fakes/whatsappApi';
import { seededRandom } from '../../scripts/bench/stats';
import { SANDBOX_TODAY } from './support/citizen';

/**
 * Malformed and random payloads (seeded, so a failure replays exactly) against every route of the
 * app: bad input is always answered below 500, and the process keeps answering /healthz.
 * PER_ROUTE requests per route and method; FUZZ_SEED changes the seed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260615);
const PER_ROUTE = 24;

let app: Khidmat;
let base: string;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;

beforeAll(async () => {
  telegram = await FakeTelegramApi.start('42:fuzz');
  whatsapp = await FakeWhatsAppApi.start('1098765', 'EAAG-fuzz');
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    SANDBOX_TODAY,
    TELEGRAM_BOT_TOKEN: '42:fuzz',
    TELEGRAM_WEBHOOK_SECRET: 'fuzz-secret',
    TELEGRAM_API_URL: telegram.url,
    WHATSAPP_ACCESS_TOKEN: 'EAAG-fuzz',
    WHATSAPP_PHONE_NUMBER_ID: '1098765',
    WHATSAPP_APP_SECRET: 'fuzz-app-secret',
    WHATSAPP_VERIFY_TOKEN: 'fuzz-verify',
    WHATSAPP_API_URL: whatsapp.url,
  });
  app = await startKhidmat(config, { port: 0, logger: createLogger({ level: 'silent' }), channels: [mountTelegram, mountWhatsApp, createDirectLineMount()] });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app.close();
  await telegram.close();
  await whatsapp.close();
});

type Gen = (r: () => number) => unknown;
const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const junkString = (r: () => number, max = 64) =>
  Array.from({ length: Math.floor(r() * max) }, () => pick(r, ['a', 'Z', '0', ' ', '"', '\\', '\u0000', '\ud83d\ude00', '\u202e', '<', '>', '%', '{', '}', '\n', 'é', '8', '-'])).join('');
// Header values must be sendable: printable ASCII only (a client cannot put anything else on the wire).
const headerJunk = (r: () => number, max = 40) => Array.from({ length: Math.floor(r() * max) }, () => String.fromCharCode(33 + Math.floor(r() * 94))).join('');
const value: Gen = (r) => {
  const depth = Math.floor(r() * 3);
  const leaf = () => pick(r, [null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.14, '', junkString(r), '850412-10-5566', '999999', 'x'.repeat(5000), [], {}]);
  let v: unknown = leaf();
  for (let i = 0; i < depth; i += 1) v = r() < 0.5 ? [v, leaf()] : { [junkString(r, 8) || 'k']: v, type: leaf(), id: leaf() };
  return v;
};
// Bodies that are nearly right are the ones that reach deepest.
const nearActivity: Gen = (r) => {
  const activity: Record<string, unknown> = {
    type: pick(r, ['message', 'conversationUpdate', 'event', 'invoke', 'typing', '', 'messageReaction', 42]),
    id: pick(r, [junkString(r), undefined, 7]),
    text: pick(r, [junkString(r, 300), undefined, null, 123, { a: 1 }]),
    channelId: pick(r, ['test', 'msteams', '', undefined, 'webchat', 'x'.repeat(100)]),
    deliveryMode: pick(r, ['expectReplies', 'normal', undefined, 'x']),
    serviceUrl: pick(r, [undefined, 'not a url', 'http://127.0.0.1:1/', 'javascript:alert(1)']),
    conversation: pick(r, [{ id: junkString(r) || 'c' }, {}, null, 'c', { id: 5 }]),
    from: pick(r, [{ id: junkString(r) || 'u' }, {}, null, { id: ['x'] }]),
    recipient: pick(r, [{ id: 'bot' }, undefined, 3]),
    value: value(r),
    attachments: pick(r, [undefined, [], [{ contentType: 'image/png' }], 'x']),
    name: pick(r, [undefined, 'payment.settled', 'khidmat.paymentSettled', junkString(r)]),
  };
  for (const key of Object.keys(activity)) if (r() < 0.2) delete activity[key];
  return activity;
};
const nearTelegram: Gen = (r) => ({ update_id: pick(r, [1, -1, 'x', 1e20]), message: pick(r, [{ text: junkString(r), chat: { id: pick(r, [1, 'x', null]) }, from: value(r) }, null, value(r)]), callback_query: pick(r, [undefined, { data: junkString(r) }]) });
const nearWhatsApp: Gen = (r) => ({ object: 'whatsapp_business_account', entry: pick(r, [[{ changes: [{ value: { messages: [{ from: junkString(r), id: junkString(r), type: 'text', text: { body: junkString(r) } }] } }] }], [], null, value(r)]) });

function body(r: () => number, near: Gen): { payload: string | Buffer; type: string } {
  const kind = Math.floor(r() * 8);
  if (kind === 0) return { payload: JSON.stringify(value(r)), type: 'application/json' };
  if (kind === 1) return { payload: junkString(r, 200), type: 'application/json' };
  if (kind === 2) return { payload: Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256))), type: pick(r, ['application/octet-stream', 'application/json', 'text/plain']) };
  if (kind === 3) return { payload: `a=${encodeURIComponent(junkString(r))}&action=${pick(r, ['pay', 'cancel', 'x'])}`, type: 'application/x-www-form-urlencoded' };
  if (kind === 4) return { payload: '{"a":'.repeat(200), type: 'application/json' };
  return { payload: JSON.stringify(near(r)), type: pick(r, ['application/json', 'application/json; charset=utf-8', 'text/json']) };
}

const fill = (path: string, r: () => number) => path.replace(/\{[^}]+\}|:[a-zA-Z]+/g, () => encodeURIComponent(pick(r, ['WXY1234', junkString(r, 12) || 'x', '..', '%00', 'A12345678', 'pay_x'])));

const sandboxRoutes = Object.values(ROUTES).map((route) => ({ method: route.method, path: `/sandbox${route.path}`, near: value }));
const ROUTES_UNDER_TEST: Array<{ method: string; path: string; near: Gen; headers?: (r: () => number) => Record<string, string | undefined> }> = [
  { method: 'POST', path: '/api/messages', near: nearActivity },
  { method: 'POST', path: '/api/payments/callback', near: value, headers: (r) => (r() < 0.5 ? { 'x-payment-signature': pick(r, ['t=1,v1=00', 't=99999999999,v1=' + 'a'.repeat(64), headerJunk(r)]) } : {}) },
  { method: 'POST', path: '/api/telegram', near: nearTelegram, headers: (r) => (r() < 0.5 ? { 'x-telegram-bot-api-secret-token': pick(r, ['fuzz-secret', 'wrong', '']) } : {}) },
  { method: 'GET', path: '/api/whatsapp', near: value },
  { method: 'POST', path: '/api/whatsapp', near: nearWhatsApp, headers: (r) => (r() < 0.5 ? { 'x-hub-signature-256': pick(r, ['sha256=00', 'sha1=abc', headerJunk(r)]) } : {}) },
  { method: 'POST', path: '/v3/directline/tokens/generate', near: value },
  { method: 'POST', path: '/v3/directline/tokens/refresh', near: value, headers: (r) => ({ authorization: `Bearer ${headerJunk(r)}` }) },
  { method: 'POST', path: '/v3/directline/conversations', near: value, headers: (r) => (r() < 0.5 ? { authorization: `Bearer ${headerJunk(r)}` } : {}) },
  { method: 'GET', path: '/v3/directline/conversations/{id}', near: value, headers: (r) => ({ authorization: `Bearer ${headerJunk(r)}` }) },
  { method: 'GET', path: '/v3/directline/conversations/{id}/activities', near: value, headers: (r) => ({ authorization: `Bearer ${headerJunk(r)}` }) },
  { method: 'POST', path: '/v3/directline/conversations/{id}/activities', near: nearActivity, headers: (r) => ({ authorization: `Bearer ${headerJunk(r)}` }) },
  { method: 'GET', path: '/healthz', near: value },
  { method: 'GET', path: '/readyz', near: value },
  { method: 'GET', path: '/sandbox/pay/{id}', near: value },
  { method: 'POST', path: '/sandbox/pay/{id}', near: value },
  ...sandboxRoutes,
];

describe('fuzzing every route with malformed input', () => {
  it(`answers ${PER_ROUTE} random bodies per route below 500 and stays up (seed ${SEED})`, async () => {
    const r = seededRandom(SEED);
    const failures: string[] = [];
    for (const route of ROUTES_UNDER_TEST) {
      for (let i = 0; i < PER_ROUTE; i += 1) {
        const path = fill(route.path, r) + (r() < 0.3 ? `?${junkString(r, 10).replace(/[#\s]/g, '')}=${encodeURIComponent(junkString(r, 20))}` : '');
        const { payload, type } = body(r, route.near);
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries(route.headers?.(r) ?? {})) if (header !== undefined) headers[name] = header;
        if (route.method !== 'GET') headers['content-type'] = type;
        let status: number;
        try {
          const response = await fetch(`${base}${path}`, { method: route.method, headers, body: route.method === 'GET' ? undefined : (payload as BodyInit) });
          await response.arrayBuffer();
          status = response.status;
        } catch (err) {
          failures.push(`${route.method} ${path}: ${(err as Error).message}`);
          continue;
        }
        // The embedded agencies answer 5xx only when a fault is armed; none is, so 5xx is a bug.
        if (status >= 500) failures.push(`${route.method} ${path} → ${status} (${type}: ${String(payload).slice(0, 120)})`);
      }
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(failures).toEqual([]);
  }, 60_000);

  it('a valid turn still works after the storm', async () => {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: 'after-fuzz', text: 'hai', channelId: 'test', deliveryMode: 'expectReplies', conversation: { id: 'after-fuzz' }, from: { id: 'after-fuzz' } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
  });
});
