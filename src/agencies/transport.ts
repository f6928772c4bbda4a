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
// An idle connection is closed after 4 s (as fetch did): servers and load balancers drop idle
// connections without saying when, and reusing one they dropped fails the request.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 }),
};
const USER_AGENT = 'Khidmat (agency client)';

/**
 * node:http with kept-alive connections. Node's fetch (undici) did the same work for about a fifth
 * of a renewal turn's CPU more: web streams, an AbortSignal per call, a Request object.
 */
export const nodeHttpTransport: HttpTransport = (request) => send(request, true);

function send(request: TransportRequest, mayResend: boolean): Promise<TransportResponse> {
  const url = new URL(request.url);
  const module = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    let settled = false;
    let answered = false;
    const req = module.request(url, { method: request.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        const headers = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          header: (name) => {
            const value = headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', fail);
    });
    const deadline = setTimeout(() => {
      const timedOut = Object.assign(new Error(`no complete answer within ${request.timeoutMs} ms`), { name: 'TimeoutError' });
      // Settled first: once the answer has started, destroying the request may not emit 'error', and
      // when it does (a reset socket) that must not look like a connection to resend on.
      fail(timedOut);
      req.destroy(timedOut);
    }, request.timeoutMs);
    function fail(err: Error): void {
      // Settled once: destroying the request at the deadline makes Node report the socket too.
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      // A kept-alive connection the agency closed just as we reused it, before any answer: the
      // request never reached it. Sent once more, on a new connection and with a deadline of its
      // own, when repeating cannot do anything twice.
      const repeatable = request.method === 'GET' || request.headers['idempotency-key'] !== undefined;
      if (mayResend && repeatable && !answered && req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
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
