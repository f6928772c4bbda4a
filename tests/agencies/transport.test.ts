import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../src/agencies/transport';

let server: Server | undefined;
afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** A local server; `handle` gets the request's order on its connection (1 = first). */
async function serve(handle: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, nth: number, socket: Socket) => void) {
  const perSocket = new WeakMap<Socket, number>();
  const sockets = new Set<Socket>();
  server = createServer((req, res) => {
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    handle(req, res, nth, req.socket);
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => sockets.size };
}

const get = (url: string, timeoutMs = 1000) => nodeHttpTransport({ url, method: 'GET', headers: { accept: 'application/json' }, timeoutMs });

describe('node:http transport for the agency clients', () => {
  it('reads the whole answer, its status and headers, and sends a body with its length', async () => {
    const { url } = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'retry-after': '3' });
        res.end(JSON.stringify({ got: body, length: req.headers['content-length'], method: req.method }));
      });
    });
    const answer = await nodeHttpTransport({ url: `${url}/x`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ic":"ü"}', timeoutMs: 1000 });
    expect(answer.status).toBe(201);
    expect(answer.header('Retry-After')).toBe('3');
    expect(JSON.parse(answer.text)).toEqual({ got: '{"ic":"ü"}', length: '11', method: 'POST' });
  });

  it('keeps the connection alive between calls', async () => {
    const { url, connections } = await serve((_req, res) => res.end('{}'));
    for (let i = 0; i < 5; i += 1) expect((await get(url)).status).toBe(200);
    expect(connections()).toBe(1);
  });

  it('times out when the answer never comes, and when it stops half-way', async () => {
    const silent = await serve(() => undefined);
    const started = Date.now();
    await expect(get(silent.url, 150)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => server!.close(resolve));
    const halfWay = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    await expect(get(halfWay.url, 150)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('a timeout on a reused connection is final: nothing is sent again behind the caller', async () => {
    let received = 0;
    const { url } = await serve((_req, res, nth) => {
      received += 1;
      if (nth === 1) return res.end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    await get(url);
    await expect(get(url, 150)).rejects.toMatchObject({ name: 'TimeoutError' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toBe(2);
  });

  it('sends a user agent', async () => {
    let agent: string | undefined;
    const { url } = await serve((req, res) => {
      agent = req.headers['user-agent'];
      res.end('{}');
    });
    await get(url);
    expect(agent).toMatch(/Khidmat/);
  });

  it('reports a refused connection as a network error, not a timeout', async () => {
    const { url } = await serve((_req, res) => res.end('{}'));
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const err = await get(url).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).not.toBe('TimeoutError');
  });

  it('resends on a fresh connection when a kept-alive one was closed under it — only what cannot happen twice', async () => {
    // The second request on any connection finds it closed (as when the agency times out idle connections).
    let received = 0;
    const { url } = await serve((_req, res, nth, socket) => {
      received += 1;
      if (nth > 1) return socket.destroy();
      res.end('{"ok":true}');
    });
    await get(url);
    expect((await get(url)).text).toBe('{"ok":true}');

    await get(url); // leaves a kept-alive connection for the next call to reuse
    const keyed = await nodeHttpTransport({ url, method: 'POST', headers: { 'idempotency-key': 'k1' }, body: '{}', timeoutMs: 1000 });
    expect(keyed.status).toBe(200);

    await get(url);
    received = 0;
    const unkeyed = nodeHttpTransport({ url, method: 'POST', headers: {}, body: '{}', timeoutMs: 1000 });
    await expect(unkeyed).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(received).toBe(1);
  });
});
