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
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /**
   * One request. When a kept-alive socket turns out to have been closed by the server just as it was
   * reused (ECONNRESET before any response — a race every keep-alive client has), it is sent once
   * more on a fresh socket, as Node's documentation advises (`req.reusedSocket`). That is safe
   * here: a message carries its activity id and the bot deduplicates by it.
   */
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    try {
      return await this.once(method, path, body);
    } catch (err) {
      if ((err as { reusedSocket?: boolean }).reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
        this.staleSocketRetries += 1;
        return this.once(method, path, body);
      }
      throw err;
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
