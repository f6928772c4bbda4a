import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
  method: string;
  body: any;
  /** What the fake answered. */
  status: number;
}

interface PlannedFailure {
  status: number;
  body: unknown;
  method?: string;
}

/**
 * A local stand-in for the Telegram Bot API (`/bot<token>/<method>`): records every call and answers
 * like Telegram does. Tests can make it fail (a 503 outage, a 429 with retry_after) to exercise the
 * client's retries.
 */
export class FakeTelegramApi {
  readonly calls: TelegramCall[] = [];
  /** When set, every call fails with this status (a permanent outage). */
  down: number | undefined;
  /** When true, calls are received but never answered (a hanging API). */
  stalled = false;
  private readonly planned: PlannedFailure[] = [];
  private nextMessageId = 1000;
  private webhook: Record<string, unknown> = { url: '', pending_update_count: 0 };

  private constructor(
    private readonly server: http.Server,
    readonly token: string,
  ) {}

  static async start(token: string): Promise<FakeTelegramApi> {
    let fake!: FakeTelegramApi;
    const server = http.createServer((req, res) => fake.handle(req, res));
    fake = new FakeTelegramApi(server, token);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` calls (of `method`, if given) fail with `status`. */
  failNext(times: number, status: number, body?: unknown, method?: string): void {
    for (let i = 0; i < times; i += 1) {
      this.planned.push({ status, method, body: body ?? { ok: false, error_code: status, description: status === 429 ? 'Too Many Requests' : 'Service Unavailable' } });
    }
  }

  /** Successful calls of `method` (to `chatId`, if given), in order. */
  succeeded(method: string, chatId?: number | string): any[] {
    return this.calls
      .filter((call) => call.method === method && call.status === 200 && (chatId === undefined || String(call.body.chat_id) === String(chatId)))
      .map((call) => call.body);
  }

  /** Texts sent to a chat, in order. */
  textsTo(chatId: number | string): string[] {
    return this.succeeded('sendMessage', chatId).map((body) => body.text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!match || req.method !== 'POST') return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token, method] = match;
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
      const record = (status: number) => this.calls.push({ method, body, status });
      if (this.stalled) return record(0);
      if (token !== this.token) {
        record(401);
        return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      }
      if (this.down) {
        record(this.down);
        return reply(this.down, { ok: false, error_code: this.down, description: 'Service Unavailable' });
      }
      const failure = this.planned.findIndex((plan) => !plan.method || plan.method === method);
      if (failure >= 0) {
        const [plan] = this.planned.splice(failure, 1);
        record(plan.status);
        return reply(plan.status, plan.body);
      }
      const result = this.answer(method, body);
      if (result.status !== 200) {
        record(result.status);
        return reply(result.status, { ok: false, error_code: result.status, description: result.description });
      }
      record(200);
      reply(200, { ok: true, result: result.value });
    });
  }

  private answer(method: string, body: any): { status: 200; value: unknown } | { status: 400; description: string } {
    switch (method) {
      case 'sendMessage': {
        if (typeof body.text !== 'string' || body.text.length === 0) return { status: 400, description: 'Bad Request: message text is empty' };
        if (body.text.length > 4096) return { status: 400, description: 'Bad Request: message is too long' };
        for (const button of (body.reply_markup?.inline_keyboard ?? []).flat()) {
          if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) return { status: 400, description: 'Bad Request: BUTTON_DATA_INVALID' };
        }
        return { status: 200, value: { message_id: this.nextMessageId++, chat: { id: body.chat_id, type: 'private' }, date: Math.floor(Date.now() / 1000), text: body.text } };
      }
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return { status: 200, value: true };
      case 'setWebhook':
        this.webhook = { url: body.url, pending_update_count: 0, allowed_updates: body.allowed_updates, has_custom_certificate: false };
        return { status: 200, value: true };
      case 'getWebhookInfo':
        return { status: 200, value: this.webhook };
      default:
        return { status: 400, description: `Bad Request: method ${method} not faked` };
    }
  }
}
