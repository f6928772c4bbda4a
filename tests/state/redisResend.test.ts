import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger';
import { connectRedis, type RedisClient } from '../../src/state/redis';

/**
 * A Redis that answers the connection handshake but loses the connection in the middle of an INCR:
 * the caller is told the command failed, and it must not then be sent again behind its back.
 */
let server: ReturnType<typeof createServer> | undefined;
let client: RedisClient | undefined;
afterEach(async () => {
  client?.disconnect();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe('a command whose answer was lost with the connection', () => {
  it('fails for its caller and is not sent again when the connection returns', async () => {
    const incrs: number[] = [];
    let connection = 0;
    server = createServer((socket: Socket) => {
      connection += 1;
      const mine = connection;
      socket.on('data', (chunk) => {
        // RESP arrays, several per chunk: answer each command in order.
        for (const [, name] of chunk.toString().matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n/g)) {
          const command = name!.toUpperCase();
          if (command === 'INCR') {
            incrs.push(mine);
            // The first connection is lost instead of answering.
            if (mine === 1) return void socket.destroy();
            socket.write(':1\r\n');
          } else if (command === 'HELLO') socket.write('%3\r\n+server\r\n+redis\r\n+version\r\n+7.0.0\r\n+proto\r\n:3\r\n');
          else if (command === 'INFO') {
            const info = '# Server\r\nloading:0\r\n';
            socket.write(`$${Buffer.byteLength(info)}\r\n${info}\r\n`);
          } else socket.write('+OK\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    client = connectRedis(`redis://127.0.0.1:${port}`, createLogger({ level: 'silent' }));
    await client.connect();
    await expect(client.incr('counter')).rejects.toThrow();
    // The client reconnects by itself; give it time to (wrongly) resend.
    for (let i = 0; i < 40 && connection < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connection).toBeGreaterThanOrEqual(2);
    expect(incrs).toEqual([1]);
  });
});
