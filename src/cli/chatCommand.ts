import http from 'node:http';
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { startKhidmat } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';

interface OutgoingActivity {
  type: string;
  text?: string;
  suggestedActions?: { actions: Array<{ title?: string; value?: unknown }> };
  attachments?: Array<{ contentType: string; content?: unknown }>;
}

/**
 * `npx khidmat chat`: the same bot, in this process, with the terminal as its channel. The terminal
 * plays the part of a Bot Framework channel: it posts activities to /api/messages and receives the
 * bot's replies — including ones that arrive later, like a payment receipt — on a local connector.
 */
export async function run(_argv: string[]): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  // PORT if set (so the sandbox's payment page is at a predictable address), otherwise any free port.
  const app = await startKhidmat(config, { logger, port: process.env.PORT ? config.PORT : 0 });
  const port = app.port;

  let lastPayLink: string | undefined;
  const print = (activity: OutgoingActivity) => {
    if (activity.type === 'typing') return;
    if (activity.text) {
      process.stdout.write(`\nKhidmat: ${activity.text}\n`);
      lastPayLink = activity.text.match(/https?:\/\/\S+\/pay\/[\w-]+/)?.[0] ?? lastPayLink;
    }
    for (const attachment of activity.attachments ?? []) {
      process.stdout.write(`  [${attachment.contentType}] ${JSON.stringify(attachment.content)}\n`);
    }
    const actions = activity.suggestedActions?.actions ?? [];
    actions.forEach((action, index) => process.stdout.write(`  ${index + 1}. ${action.title ?? String(action.value)}\n`));
    lastChoices = actions.map((action) => String(action.value ?? action.title));
  };
  let lastChoices: string[] = [];

  const connector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        print(JSON.parse(body) as OutgoingActivity);
      } catch {
        // not an activity; ignore
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
      rl.prompt(true);
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.address() as { port: number }).port}`;
  const conversationId = `cli-${randomUUID()}`;

  const send = async (activity: Record<string, unknown>) => {
    await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'cli',
        serviceUrl,
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        conversation: { id: conversationId },
        from: { id: `cli-user-${process.env.USER ?? 'citizen'}`, name: 'Citizen' },
        recipient: { id: 'khidmat', name: 'Khidmat' },
        ...activity,
      }),
    });
  };

  process.stdout.write(
    'Khidmat chat — type a message. A number picks a button.\n' +
      'Sandbox helpers (what the citizen\'s phone and bank would do): /sms shows the latest SMS (OTP), /pay pays the last payment link, /quit leaves.\n',
  );
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'Anda> ' });
  // Take the iterator now: lines typed (or piped) while the welcome is on its way are buffered, not lost.
  const lines = rl[Symbol.asyncIterator]();
  await send({ type: 'conversationUpdate', membersAdded: [{ id: 'cli-user' }] });
  rl.prompt();
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/sms') {
      const outbox = app.sandbox ? app.sandbox.sms() : [];
      const latest = outbox.at(-1);
      process.stdout.write(latest ? `  [SMS to ${latest.to}] ${latest.text}\n` : '  (no SMS yet)\n');
      rl.prompt();
      continue;
    }
    if (text === '/pay') {
      if (!lastPayLink) {
        process.stdout.write('No payment link yet.\n');
        rl.prompt();
      } else {
        await fetch(lastPayLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=pay&bank=MBB' });
      }
      continue;
    }
    const chosen = /^\d+$/.test(text) ? lastChoices[Number(text) - 1] : undefined;
    // The prompt comes back with the bot's replies (the connector prompts when they arrive).
    if (text) await send({ type: 'message', text: chosen ?? text, locale: undefined });
    else rl.prompt();
  }
  rl.close();
  connector.close();
  await app.close();
}
