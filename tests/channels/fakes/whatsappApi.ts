import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WhatsAppCall {
  path: string;
  authorization: string | undefined;
  body: any;
  status: number;
  /** The message id (wamid) given for an accepted message. */
  id?: string;
}

/**
 * A local stand-in for the WhatsApp Cloud API (`POST /<phone number id>/messages` with a Bearer
 * token): records every call, checks the limits Meta enforces on interactive and template messages,
 * and can be made to fail (503 outage) to exercise the client's retries, or to refuse free-form
 * messages to a number whose 24-hour window it considers closed (131047, as Meta does).
 */
export class FakeWhatsAppApi {
  readonly calls: WhatsAppCall[] = [];
  down: number | undefined;
  /** Numbers whose customer service window Meta considers closed: only templates get through. */
  readonly windowClosed = new Set<string>();
  private failures: number[] = [];
  private nextId = 1;

  private constructor(
    private readonly server: http.Server,
    readonly phoneNumberId: string,
    readonly accessToken: string,
  ) {}

  static async start(phoneNumberId: string, accessToken: string): Promise<FakeWhatsAppApi> {
    let fake!: FakeWhatsAppApi;
    const server = http.createServer((req, res) => fake.handle(req, res));
    fake = new FakeWhatsAppApi(server, phoneNumberId, accessToken);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v21.0`;
  }

  /** The next calls, in order: 0 = answered normally, anything else = fails with that status. */
  planCalls(statuses: number[]): void {
    this.failures.push(...statuses);
  }

  clearPlannedFailures(): void {
    this.failures = [];
  }

  failNext(times: number, status: number): void {
    for (let i = 0; i < times; i += 1) this.failures.push(status);
  }

  /** Messages accepted for `to`, in order. */
  sentTo(to: string): any[] {
    return this.calls.filter((call) => call.status === 200 && call.body.to === to).map((call) => call.body);
  }

  /** Template messages accepted for `to`, in order. */
  templatesTo(to: string): any[] {
    return this.sentTo(to).filter((message) => message.type === 'template');
  }

  /** Free-form (non-template) messages accepted for `to`, in order. */
  freeFormTo(to: string): any[] {
    return this.sentTo(to).filter((message) => message.type !== 'template');
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
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        body = undefined;
      }
      const call: WhatsAppCall = { path: req.url ?? '', authorization: req.headers.authorization, body, status: 0 };
      this.calls.push(call);
      const inspecting = this.beforeAnswer?.(call);
      if (inspecting) {
        void inspecting.then(() => this.answer(call, reply, req.method));
        return;
      }
      this.answer(call, reply, req.method);
    });
  }

  /** Runs (and is awaited) before each call is answered: a test looks at the bot's state mid-send. */
  beforeAnswer?: (call: WhatsAppCall) => Promise<void> | undefined;

  private answer(call: WhatsAppCall, reply: (status: number, body: unknown) => void, method: string | undefined): void {
    const body = call.body;
    {
      const fail = (status: number, message: string, code: number) => {
        call.status = status;
        reply(status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'fake' } });
      };
      if (method !== 'POST' || call.path !== `/v21.0/${this.phoneNumberId}/messages`) return fail(404, 'Unknown path', 100);
      if (call.authorization !== `Bearer ${this.accessToken}`) return fail(401, 'Invalid OAuth access token', 190);
      if (this.down) return fail(this.down, 'Service temporarily unavailable', 2);
      const planned = this.failures.shift();
      if (planned) return fail(planned, 'Service temporarily unavailable', 2);
      const problem = body ? invalid(body) : 'body is not JSON';
      if (problem) return fail(400, `(#100) Invalid parameter: ${problem}`, 100);
      if (body.type !== 'template' && this.windowClosed.has(body.to)) {
        call.status = 400;
        return reply(400, {
          error: {
            message: '(#131047) Re-engagement message',
            type: 'OAuthException',
            code: 131047,
            error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
            fbtrace_id: 'fake',
          },
        });
      }
      call.status = 200;
      call.id = `wamid.fake${this.nextId++}`;
      reply(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: call.id }] });
    }
  }
}

/** The checks Meta makes on what Khidmat sends (a subset of the Cloud API's validation). */
function invalid(body: any): string | undefined {
  if (body.messaging_product !== 'whatsapp') return 'messaging_product';
  if (typeof body.to !== 'string' || !body.to) return 'to';
  if (body.type === 'text') {
    const text = body.text?.body;
    if (typeof text !== 'string' || !text || text.length > 4096) return 'text.body';
    return undefined;
  }
  if (body.type === 'template') return invalidTemplate(body.template);
  if (body.type !== 'interactive') return 'type';
  const interactive = body.interactive;
  const bodyText = interactive?.body?.text;
  if (typeof bodyText !== 'string' || !bodyText || bodyText.length > 1024) return 'interactive.body.text';
  if (interactive.type === 'button') {
    const buttons = interactive.action?.buttons ?? [];
    if (buttons.length < 1 || buttons.length > 3) return 'buttons count';
    if (new Set(buttons.map((b: any) => b.reply?.title)).size !== buttons.length) return 'duplicate button titles';
    for (const button of buttons) {
      if (!button.reply?.title || button.reply.title.length > 20) return 'button title';
      if (!button.reply?.id || button.reply.id.length > 256) return 'button id';
    }
    return undefined;
  }
  if (interactive.type === 'list') {
    if (!interactive.action?.button || interactive.action.button.length > 20) return 'list button';
    const rows = (interactive.action?.sections ?? []).flatMap((section: any) => section.rows ?? []);
    if (rows.length < 1 || rows.length > 10) return 'rows count';
    for (const row of rows) {
      if (!row.title || row.title.length > 24) return 'row title';
      if (!row.id || row.id.length > 200) return 'row id';
      if (row.description !== undefined && row.description.length > 72) return 'row description';
    }
    return undefined;
  }
  return 'interactive.type';
}

/**
 * A template send: an approved name (lowercase, digits, _), a language code, and text parameters
 * without newlines, tabs or more than four spaces in a row (Meta refuses those in a parameter).
 */
function invalidTemplate(template: any): string | undefined {
  if (typeof template?.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(template.name)) return 'template.name';
  if (typeof template.language?.code !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(template.language.code)) return 'template.language.code';
  if (template.language.policy !== undefined && template.language.policy !== 'deterministic') return 'template.language.policy';
  for (const component of template.components ?? []) {
    if (!['header', 'body', 'button'].includes(component.type)) return 'template.components.type';
    for (const parameter of component.parameters ?? []) {
      if (parameter.type !== 'text') continue;
      if (typeof parameter.text !== 'string' || !parameter.text || parameter.text.length > 1024) return 'template parameter text';
      if (/[\n\t]| {5,}/.test(parameter.text)) return 'template parameter has a newline, a tab or more than 4 spaces';
    }
  }
  return undefined;
}
