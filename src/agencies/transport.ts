import http from 'node:http';
import https from 'node:https';

/** One HTTP exchange as the agency clients need it: the whole body read, within one deadline. */
export interface TransportRequest {
  url: string;
  method: string;
  /** Names in lower case. */
  headers: Record<string, string>;
  body?: string;
  /** Connection, sending and reading the whole answer must fit in this. */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

/** Rejects with an error named 'TimeoutError' when the deadline passes, any other error for the network. */
export type HttpTransport = (request: TransportRequest) => Promise<TransportResponse>;

// Kept-alive connections to each agency, shared by every client of the process.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * node:http with kept-alive connections. Node's fetch (undici) did the same work for about a fifth
 * of a renewal turn's CPU more: web streams, an AbortSignal per call, a Request object.
 */
export const nodeHttpTransport: HttpTransport = (request) => send(request, true);

function send(request: TransportRequest, mayResend: boolean): Promise<TransportResponse> {
  const url = new URL(request.url);
  const module = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
    const req = module.request(url, { method: request.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(deadline);
        const answered = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          header: (name) => {
            const value = answered[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', fail);
    });
    const deadline = setTimeout(() => {
      const timedOut = Object.assign(new Error(`no complete answer within ${request.timeoutMs} ms`), { name: 'TimeoutError' });
      req.destroy(timedOut);
      // Settled here too: once the answer has started, destroying the request may not emit 'error'.
      fail(timedOut);
    }, request.timeoutMs);
    function fail(err: Error): void {
      clearTimeout(deadline);
      // A kept-alive connection the agency closed just as we reused it: the request never reached
      // it. Sent once more on a new connection when repeating cannot do anything twice.
      const repeatable = request.method === 'GET' || request.headers['idempotency-key'] !== undefined;
      if (mayResend && repeatable && req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
        send(request, false).then(resolve, reject);
        return;
      }
      reject(err);
    }
    req.on('error', fail);
    req.end(request.body);
  });
}

/** A fetch-compatible function as the transport (tests inject one to corrupt or count calls). */
export function fetchTransport(fetchImpl: typeof fetch): HttpTransport {
  return async (request) => {
    // One signal bounds both the connection and the reading of the body.
    const signal = AbortSignal.timeout(request.timeoutMs);
    try {
      const response = await fetchImpl(request.url, { method: request.method, headers: request.headers, body: request.body, signal, redirect: 'manual' });
      const text = await response.text();
      return { status: response.status, header: (name) => response.headers.get(name), text };
    } catch (err) {
      if (signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError') {
        throw Object.assign(new Error(`no complete answer within ${request.timeoutMs} ms`), { name: 'TimeoutError', cause: err });
      }
      throw err;
    }
  };
}
