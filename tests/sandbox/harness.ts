import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { createLogger } from '../../src/observability/logger';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';

/** A Monday: the clock starts at 09:00 MYT, before the 3 pm passport cut-off. */
export const TODAY = '2026-06-15';
export const SECRET = 'test-callback-secret-0123456789';

export const AMINAH = { ic: '850412-10-5566', phone: '+60123456789' };
export const TAN = { ic: '620815-07-5511', phone: '+60129876543' };
export const MUTHU = { ic: '990101-14-5673', phone: '+60171234567' };
export const AISYAH = { ic: '150303-01-1234', phone: '+60191112233' };
export const LIM = { ic: '780920-13-5208', phone: '+60168889999' };

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Harness {
  sandbox: Sandbox;
  /** http://127.0.0.1:<port>/sandbox */
  base: string;
  call<T = any>(method: string, path: string, options?: { body?: unknown; token?: string; key?: string; headers?: Record<string, string> }): Promise<Reply<T>>;
  /** OTP round trip through the SMS outbox; returns the verification token. */
  login(person: { ic: string; phone: string }): Promise<string>;
  /** Create a payment and pay it on the pay page, as a citizen would. */
  paidPayment(amount: string, callbackUrl?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<Harness> {
  const server = restify.createServer({ name: 'sandbox-test' });
  const sandbox = createSandbox({
    today: TODAY,
    callbackSecret: SECRET,
    logger: createLogger({ level: 'silent' }),
    callbacks: { attempts: 5, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 2000 },
    ...options,
  });
  sandbox.mount(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;

  const call: Harness['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.key) headers['idempotency-key'] = opts.key;
    const response = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* HTML or empty */
    }
    return { status: response.status, body: body as any, headers: response.headers };
  };

  const login: Harness['login'] = async (person) => {
    const sent = await call('POST', '/identity/otp', { body: { ic: person.ic } });
    const sms = await call('GET', `/sms?to=${encodeURIComponent(person.phone)}`);
    const last = sms.body.messages.at(-1);
    const code = /(\d{6})/.exec(last.text)![1];
    const verified = await call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code } });
    if (verified.status !== 200) throw new Error(`login failed: ${JSON.stringify(verified.body)}`);
    return verified.body.token as string;
  };

  const paidPayment: Harness['paidPayment'] = async (amount, callbackUrl = 'http://127.0.0.1:9/unused') => {
    const created = await call('POST', '/payments', { body: { amount, reference: `test-${Math.random()}`, description: 'test', callbackUrl } });
    if (created.status !== 201) throw new Error(`payment not created: ${JSON.stringify(created.body)}`);
    await payOnPage(created.body.payUrl, 'pay');
    return created.body.paymentId as string;
  };

  return {
    sandbox,
    base,
    call,
    login,
    paidPayment,
    async close() {
      sandbox.close();
      server.close();
    },
  };
}

export async function payOnPage(payUrl: string, action: 'pay' | 'cancel', bank = 'MBB'): Promise<Response> {
  return fetch(payUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action, bank }).toString() });
}

export interface Received {
  raw: string;
  signature: string | undefined;
}

/** A stand-in for the bot's callback route: answers each call with the next status in `statuses`. */
export async function startReceiver(statuses: number[] = [200]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: HttpServer = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ raw: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-payment-signature'] as string | undefined });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/payments/callback`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
