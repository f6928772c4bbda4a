import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, texts } from '../helpers/bot';

let bot: Awaited<ReturnType<typeof startBot>>;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot.close();
});

describe('POST /api/messages (expectReplies)', () => {
  it('answers a Malay "hai" in Malay, with the welcome, the privacy line and the service menu', async () => {
    const replies = await bot.citizen().say('hai');
    const all = texts(replies);
    expect(all).toContain('pembantu automatik');
    expect(all).toMatch(/Privasi: .*\/privacy/);
    const menu = replies.find((reply) => reply.suggestedActions)?.suggestedActions?.actions.map((a) => a.title);
    expect(menu).toContain('Perbaharui cukai jalan');
    expect(replies.every((reply) => reply.locale === 'ms-MY')).toBe(true);
  });

  it('answers an English message in English', async () => {
    const replies = await bot.citizen().say('Hello, what can you do for me?');
    expect(texts(replies)).toContain('automated assistant');
    expect(replies.find((reply) => reply.suggestedActions)?.suggestedActions?.actions.map((a) => a.title)).toContain('Renew road tax');
    expect(replies.every((reply) => reply.locale === 'en-MY')).toBe(true);
  });

  it('welcomes once per conversation', async () => {
    const citizen = bot.citizen();
    await citizen.say('hai');
    expect(texts(await citizen.say('hai'))).not.toContain('pembantu automatik');
  });

  it('switches language on request and keeps it, even when the citizen then writes Malay', async () => {
    const citizen = bot.citizen();
    await citizen.say('hai');
    const switched = await citizen.say('English please');
    expect(texts(switched)).toContain('continue in English');
    const after = await citizen.say('terima kasih');
    expect(after.every((reply) => reply.locale === 'en-MY')).toBe(true);
    const back = await citizen.say('tukar ke bahasa Melayu');
    expect(texts(back)).toContain('Bahasa Melayu');
  });

  it('a short neutral reply does not flip the language', async () => {
    const citizen = bot.citizen();
    await citizen.say('Good morning, I need some help');
    const replies = await citizen.say('ok');
    expect(replies.every((reply) => reply.locale === 'en-MY')).toBe(true);
  });

  it.each([
    ['not JSON', '{"type": "message",'],
    ['not an object', '[1,2,3]'],
    ['no type', { text: 'hi', channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' }, deliveryMode: 'expectReplies' }],
    ['no conversation', { type: 'message', text: 'hi', channelId: 'test', from: { id: 'u' }, deliveryMode: 'expectReplies' }],
    ['no serviceUrl without expectReplies', { type: 'message', text: 'hi', channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' } }],
    ['a text too long', { type: 'message', text: 'x'.repeat(5000), channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' }, deliveryMode: 'expectReplies' }],
  ])('a malformed body (%s) gets a 4xx and the process lives on', async (_name, body) => {
    const { status } = await bot.post(body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
  });

  it('processes a redelivered activity once', async () => {
    const activity = { type: 'message', id: 'dup-1', text: 'hai', channelId: 'test', deliveryMode: 'expectReplies', conversation: { id: 'dup-conv' }, from: { id: 'u' }, recipient: { id: 'khidmat' } };
    const first = await bot.post(activity);
    const second = await bot.post(activity);
    expect(first.json.activities.length).toBeGreaterThan(0);
    expect(second.status).toBe(200);
    expect(second.json.activities).toEqual([]);
  });

  it('reports liveness and readiness', async () => {
    expect(await (await fetch(`${bot.base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${bot.base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks).toEqual({ storage: 'ok', jpj: 'ok', jim: 'ok' });
    // An agency that does not answer makes the instance not ready (the load balancer stops sending).
    bot.app.sandbox!.faults.arm('jim', { kind: 'error', status: 503, count: 10 });
    const notReady = await fetch(`${bot.base}/readyz`);
    bot.app.sandbox!.faults.reset();
    expect(notReady.status).toBe(503);
    expect((await notReady.json()).checks.jim).toBe('unavailable');
  });
});
