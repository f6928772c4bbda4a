import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';
import { RateLimiter } from '../../src/state/rateLimiter';
import { citizenOf, clientAddressOf } from '../../src/server/rateLimit';
import type { Request } from 'restify';

describe('RateLimiter (sliding window over the key-value store)', () => {
  it('allows the limit, refuses the next with a Retry-After inside the window, and forgets old requests', async () => {
    let now = 1_000_000 * 60_000; // the start of a window
    const store = new MemoryKeyValueStore(() => now);
    const limiter = new RateLimiter(store, () => now);
    const rule = { limit: 3, windowSeconds: 60 };
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await limiter.hit('user', 'aminah', rule));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBe(60);
    // Half-way through the next window half of the previous one still counts: 4 × 0.5 = 2, + 1 = 3.
    now += 90_000;
    expect((await limiter.hit('user', 'aminah', rule)).allowed).toBe(true);
    expect((await limiter.hit('user', 'aminah', rule)).allowed).toBe(false);
    // No burst of twice the limit at a boundary: 3 requests in the last second of a window, then 3
    // in the first second of the next — a plain fixed window would take all 6; this takes 4.
    now = 1_000_010 * 60_000 - 500;
    for (let i = 0; i < 3; i += 1) expect((await limiter.hit('user', 'lim', rule)).allowed).toBe(true);
    now += 1_000;
    const next = [];
    for (let i = 0; i < 3; i += 1) next.push((await limiter.hit('user', 'lim', rule)).allowed);
    expect(next).toEqual([true, false, false]);
    // Two windows later everything is forgotten; other callers were never affected.
    now += 120_000;
    expect((await limiter.hit('user', 'aminah', rule)).allowed).toBe(true);
    expect((await limiter.hit('user', 'tan', rule)).allowed).toBe(true);
    // Caller ids are hashed: no phone number or user id in a key name.
    expect((await store.keys('rate:')).some((key) => key.includes('aminah'))).toBe(false);
    await store.close();
  });

  it.each([
    ['/api/messages', { channelId: 'msteams', from: { id: 'u1' } }, 'bf:msteams:u1'],
    ['/api/telegram', { update_id: 1, message: { from: { id: 42 } } }, 'tg:42'],
    ['/api/telegram', { update_id: 1, callback_query: { from: { id: 43 } } }, 'tg:43'],
    ['/api/whatsapp', { entry: [{ changes: [{ value: { messages: [{ from: '60123' }] } }] }] }, 'wa:60123'],
    ['/api/whatsapp', { entry: [{ changes: [{ value: { statuses: [{}] } }] }] }, undefined],
    ['/v3/directline/conversations/abc/activities', { from: { id: 'spoofed' } }, 'dl:abc'],
    ['/api/messages', null, undefined],
  ] as const)('knows the citizen of %s', (path, body, expected) => {
    expect(citizenOf(path, body as never)).toBe(expected);
  });

  it('trusts X-Forwarded-For only as far as the configured proxies, never the client-written leftmost entry', () => {
    const req = { socket: { remoteAddress: '10.0.0.5' }, headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } } as unknown as Request;
    expect(clientAddressOf(req, 0)).toBe('10.0.0.5');
    expect(clientAddressOf(req, 1)).toBe('203.0.113.7');
    expect(clientAddressOf(req, 2)).toBe('6.6.6.6');
  });
});
