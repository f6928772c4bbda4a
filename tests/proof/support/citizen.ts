import { randomUUID } from 'node:crypto';

export interface Reply {
  type: string;
  text?: string;
  suggestedActions?: { actions: Array<{ title: string; value: string }> };
}

export const SANDBOX_TODAY = '2026-06-15';

/** A citizen talking to a bot over HTTP only (/api/messages with expectReplies), as any process would. */
export function httpCitizen(options: { bot: () => string; sandbox: string; phone: string; conversationId?: string; userId?: string; channelId?: string }) {
  const conversationId = options.conversationId ?? `conv-${randomUUID()}`;
  const userId = options.userId ?? `user-${randomUUID()}`;
  let last: Reply[] = [];
  const text = () => last.map((reply) => reply.text ?? '').join('\n');
  const api = {
    conversationId,
    userId,
    text,
    /** Posts a message; returns the HTTP status and the replies' text. */
    async send(message: string, id: string = randomUUID()): Promise<{ status: number; text: string; body: any }> {
      const response = await fetch(`${options.bot()}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id,
          text: message,
          channelId: options.channelId ?? 'test',
          deliveryMode: 'expectReplies',
          conversation: { id: conversationId },
          from: { id: userId },
          recipient: { id: 'khidmat' },
        }),
      });
      const raw = await response.text();
      const body = raw ? JSON.parse(raw) : undefined;
      last = (body?.activities ?? []).filter((activity: Reply) => activity.type === 'message');
      return { status: response.status, text: text(), body };
    },
    async say(message: string): Promise<string> {
      const { status, text: replies, body } = await api.send(message);
      if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`);
      return replies;
    },
    async latestOtp(): Promise<string> {
      const sms = (await (await fetch(`${options.sandbox}/sandbox/sms?to=${encodeURIComponent(options.phone)}`)).json()) as { messages: Array<{ text: string }> };
      const code = sms.messages.at(-1)?.text.match(/\b\d{6}\b/)?.[0];
      if (!code) throw new Error(`no OTP SMS to ${options.phone}`);
      return code;
    },
    async otp(): Promise<string> {
      return api.say(await api.latestOtp());
    },
    payLink(): string {
      const link = text().match(/https?:\/\/\S+\/sandbox\/pay\/[\w-]+/)?.[0];
      if (!link) throw new Error(`no payment link in: ${text()}`);
      return link;
    },
    /** Pays on the sandbox's page (the form post a browser makes). */
    async pay(link?: string): Promise<number> {
      const response = await fetch(link ?? api.payLink(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=pay&bank=MBB' });
      await response.text();
      return response.status;
    },
  };
  return api;
}

export async function ledger(sandbox: string): Promise<{ transactions: any[]; payments: any[] }> {
  return (await fetch(`${sandbox}/sandbox/ledger`)).json() as Promise<{ transactions: any[]; payments: any[] }>;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
