import { loadConfig } from '../../config';
import { createLogger } from '../../observability/logger';
import { TelegramApi } from './telegramApi';

const USAGE = `Usage: khidmat telegram set-webhook [--url <https-url>] [--drop-pending-updates]

Registers ${'${PUBLIC_URL}'}/api/telegram (or --url) as the bot's webhook, with TELEGRAM_WEBHOOK_SECRET
as its secret token, for messages and button taps only. Needs TELEGRAM_BOT_TOKEN,
TELEGRAM_WEBHOOK_SECRET and PUBLIC_URL.
`;

export class SetWebhookUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetWebhookUsageError';
  }
}

/**
 * `npx khidmat telegram set-webhook`: tells Telegram where to deliver updates and which secret to
 * present, then prints Telegram's answer and the webhook as Telegram now sees it.
 */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  const [sub, ...flags] = argv;
  if (sub !== 'set-webhook') {
    process.stderr.write(USAGE);
    process.exitCode = sub && sub !== 'help' && sub !== '--help' ? 2 : 0;
    return;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env });
  const token = config.TELEGRAM_BOT_TOKEN;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (!token || !secret) throw new SetWebhookUsageError('TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set');
  const urlFlag = flags.indexOf('--url');
  const base = urlFlag >= 0 ? flags[urlFlag + 1] : config.PUBLIC_URL;
  if (!base) throw new SetWebhookUsageError('PUBLIC_URL must be set (or pass --url): Telegram needs the public https address of this bot');
  const url = urlFlag >= 0 ? base : `${base.replace(/\/+$/, '')}/api/telegram`;
  if (!URL.canParse(url)) throw new SetWebhookUsageError(`not a URL: ${url}`);
  if (!url.startsWith('https://')) out(`warning: Telegram delivers webhooks only to https:// addresses; ${url} will be refused by the real Bot API`);

  const api = new TelegramApi({ apiUrl: config.TELEGRAM_API_URL, token, logger: createLogger({ level: config.LOG_LEVEL }) });
  const done = await api.setWebhook({
    url,
    secret_token: secret,
    allowed_updates: ['message', 'callback_query'],
    drop_pending_updates: flags.includes('--drop-pending-updates') || undefined,
  });
  out(`setWebhook: ${done ? 'ok' : 'refused'} — ${url}`);
  const info = await api.getWebhookInfo();
  out(JSON.stringify({ url: info.url, pending_update_count: info.pending_update_count, allowed_updates: info.allowed_updates, last_error_message: info.last_error_message }, null, 2));
}
