import type { ChannelMount } from '../types';
import { ChoiceTokens } from '../shared/choiceTokens';
import type { RetryPolicy } from '../shared/retryingPost';
import { TelegramAdapter } from './telegramAdapter';
import { TelegramApi } from './telegramApi';
import { telegramWebhook } from './telegramWebhook';

export { TelegramAdapter } from './telegramAdapter';
export { TelegramApi } from './telegramApi';

/**
 * The Telegram channel: POST /api/telegram, replies through the Bot API, and proactive messages
 * (a receipt after payment) for conversations that began on Telegram. Mounts nothing unless
 * TELEGRAM_BOT_TOKEN (and, as config insists, TELEGRAM_WEBHOOK_SECRET) are set.
 */
export function createTelegramMount(options: { retry?: RetryPolicy } = {}): ChannelMount {
  return (server, deps) => {
    const { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: secret } = deps.config;
    if (!token || !secret) return;
    const api = new TelegramApi({ apiUrl: deps.config.TELEGRAM_API_URL, token, logger: deps.logger, policy: options.retry });
    const tokens = new ChoiceTokens(deps.backend.kv);
    const adapter = new TelegramAdapter(api, tokens, deps.config.DEFAULT_LANGUAGE, deps.logger);
    deps.proactive.register('telegram', (reference, logic) => adapter.continueConversation(reference, logic));
    server.post('/api/telegram', telegramWebhook({ deps, adapter, api, tokens, secret }));
  };
}

export const mountTelegram: ChannelMount = createTelegramMount();
