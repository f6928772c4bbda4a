import http from 'node:http';

/**
 * A lean keep-alive HTTP client for the load generator. Node's fetch (undici) costs noticeably more
 * CPU per request, and the generator shares the machine's two cores with the server it measures.
 */
export class BenchClient {
  private readonly agent: http.Agent;
  constructor(
    readonly base: string,
    maxSockets = 256,
  ) {
    // `timeout` matters for more than stuck sockets: Node 20's agent heeds the server's
    // `Keep-Alive: timeout=5` (closing an idle socket a second before the server does) only when it
    // has a timeout of its own; without one, idle sockets wait to be closed by the server, and a
    // request sent at that moment fails with "socket hang up".
    this.agent = new http.Agent({ keepAlive: true, maxSockets, timeout: 30_000 });
  }

  /**
   * One request. When a kept-alive socket turns out to have been closed by the server just as it was
   * reused (ECONNRESET before any response — a race every keep-alive client has), it is sent again,
   * as Node's documentation advises (`req.reusedSocket`) — three attempts in all, since the agent may
   * hand the retry another idle socket the server is closing at the same moment. That is safe here:
   * a message carries its activity id and the bot deduplicates by it.
   */
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(method, path, body);
      } catch (err) {
        const staleSocket = (err as { reusedSocket?: boolean }).reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET';
        if (!staleSocket || attempt === 3) throw err;
        this.staleSocketRetries += 1;
      }
    }
  }

  /** Requests sent again after the keep-alive race above. */
  staleSocketRetries = 0;

  private once(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
