import { DirectLine, type Activity as ClientActivity, type DirectLineOptions } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startKhidmat, type Khidmat } from '../../src/app';
import { mountDirectLine } from '../../src/channels/directline';

/** What the client hands us, with the Direct Line fields its own type leaves out. */
type Activity = ClientActivity & { replyToId?: string; locale?: string };
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';

/**
 * Microsoft's own Direct Line client (botframework-directlinejs) against the self-hosted server, over
 * the WebSocket stream and in polling mode. Node 20 has neither XMLHttpRequest nor a global
 * WebSocket: the client's `ajax` service is given a fetch-based equivalent (same request objects,
 * same response shape) and `ws` plays the browser's WebSocket. Every request the client makes —
 * its URLs, headers, bodies and the order of calls — is its own.
 */
function fetchAjax(request: { method?: string; url: string; body?: unknown; headers?: Record<string, string> }) {
  return Observable.create((subscriber: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => {
    const controller = new AbortController();
    fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    })
      .then(async (response) => {
        const text = await response.text();
        const json = text ? JSON.parse(text) : null;
        const xhr = { getResponseHeader: (name: string) => response.headers.get(name) };
        if (!response.ok) subscriber.error({ status: response.status, response: json, xhr });
        else {
          subscriber.next({ status: response.status, response: json, xhr });
          subscriber.complete();
        }
      })
      .catch((err) => subscriber.error({ status: 0, err }));
    return () => controller.abort();
  });
}

describe('botframework-directlinejs as the client', () => {
  let app: Khidmat;
  let domain: string;
  const clients: DirectLine[] = [];

  beforeAll(async () => {
    // directlinejs only uses WebSockets when a global WebSocket exists, as in a browser.
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    app = await startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), {
      logger: createLogger({ level: 'silent' }),
      port: 0,
      channels: [mountDirectLine],
    });
    domain = `${app.publicUrl}/v3/directline`;
  });

  afterAll(async () => {
    for (const client of clients) client.end();
    await app.close();
  });

  async function newToken(): Promise<string> {
    const response = await fetch(`${domain}/tokens/generate`, { method: 'POST' });
    return ((await response.json()) as { token: string }).token;
  }

  function connect(options: Partial<DirectLineOptions>) {
    const client = new DirectLine({ domain, ajax: fetchAjax, WebSocket, pollingInterval: 200, ...options } as DirectLineOptions);
    clients.push(client);
    const received: Activity[] = [];
    // end() makes the client error its streams with "conversation ended"; that is how it says goodbye.
    client.activity$.subscribe(
      (activity) => received.push(activity as Activity),
      () => undefined,
    );
    return {
      client,
      received,
      async waitFor(predicate: (activity: Activity) => boolean, what: string, timeoutMs = 10_000): Promise<Activity> {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const found = received.find(predicate);
          if (found) return found;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`directlinejs never received ${what}; got ${JSON.stringify(received.map((a) => a.type === 'message' && a.text))}`);
      },
      post(text: string): Promise<string> {
        return new Promise((resolve, reject) =>
          client.postActivity({ type: 'message', from: { id: 'aminah', name: 'Aminah' }, text } as ClientActivity).subscribe(resolve, reject),
        );
      },
    };
  }

  const menuOf = (activity: Activity) => ('suggestedActions' in activity ? activity.suggestedActions?.actions ?? [] : []).map((a) => a.value);

  it.each([
    ['the WebSocket stream', true],
    ['polling', false],
  ])('holds a bilingual conversation over %s', async (_mode, webSocket) => {
    const chat = connect({ token: await newToken(), webSocket });
    const menu = await chat.waitFor((a) => menuOf(a).length > 0, 'the welcome menu');
    expect(menuOf(menu)).toContain('Perbaharui cukai jalan');
    expect(menu.locale).toBe('ms-MY');

    const id = await chat.post('English please');
    expect(id).toMatch(/\|\d{7}$/);
    const reply = await chat.waitFor((a) => a.type === 'message' && a.replyToId === id && a.locale === 'en-MY', 'the English reply');
    expect(reply.from.id).toBe('khidmat');
    // The client sees its own message echoed, as from Microsoft's service.
    expect(chat.received.some((a) => a.id === id && a.type === 'message' && a.text === 'English please')).toBe(true);
  });

  it('resumes a conversation by id and watermark (reconnect), receiving only what is new', async () => {
    const first = connect({ token: await newToken(), webSocket: true });
    await first.waitFor((a) => menuOf(a).length > 0, 'the welcome menu');
    const conversationId = (first.client as unknown as { conversationId: string }).conversationId;
    const watermark = (first.client as unknown as { watermark: string }).watermark;
    const token = (first.client as unknown as { token: string }).token;
    first.client.end();

    const second = connect({ token, conversationId, watermark, webSocket: true });
    const id = await second.post('hello');
    await second.waitFor((a) => a.replyToId === id, 'the reply after resuming');
    expect(second.received.some((a) => menuOf(a).includes('Perbaharui cukai jalan') && a.replyToId === undefined)).toBe(false);
  });
});
