import { randomUUID } from 'node:crypto';
import { startKhidmat, type Khidmat, type StartOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';

export interface Reply {
  type: string;
  text?: string;
  locale?: string;
  suggestedActions?: { actions: Array<{ title: string; value: string }> };
  attachments?: Array<{ contentType: string; content: unknown }>;
}

/** A running Khidmat on an ephemeral port, and a citizen who talks to it over /api/messages. */
export async function startBot(env: Record<string, string> = {}, options: { keyPrefix?: string; rateLimits?: StartOptions['rateLimits'] } = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app: Khidmat = await startKhidmat(config, { logger: createLogger({ level: config.LOG_LEVEL }), keyPrefix: options.keyPrefix, rateLimits: options.rateLimits, port: 0 });
  const port = app.port;
  const base = `http://127.0.0.1:${port}`;

  async function post(body: unknown): Promise<{ status: number; json: any }> {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  function citizen(conversationId = `conv-${randomUUID()}`, userId = `user-${randomUUID()}`) {
    return {
      conversationId,
      userId,
      /** Sends a message and returns the bot's replies (expectReplies). */
      async say(text: string): Promise<Reply[]> {
        const { status, json } = await post({
          type: 'message',
          id: randomUUID(),
          text,
          channelId: 'test',
          deliveryMode: 'expectReplies',
          conversation: { id: conversationId },
          from: { id: userId },
          recipient: { id: 'khidmat' },
        });
        if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(json)}`);
        return (json?.activities ?? []).filter((activity: Reply) => activity.type === 'message');
      },
    };
  }

  return { app, base, port, post, citizen, close: () => app.close() };
}

export function texts(replies: Reply[]): string {
  return replies.map((reply) => reply.text ?? '').join('\n');
}
