import type { Logger } from '../../observability/logger';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryAfterHeaderMs, retryingPost, type Outcome, type RetryPolicy } from '../shared/retryingPost';
import type { InlineKeyboardMarkup } from './telegramUpdate';

interface BotApiReply {
  ok?: boolean;
  result?: unknown;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number };
}

export interface SendMessageParams {
  chat_id: string | number;
  text: string;
  reply_markup?: InlineKeyboardMarkup;
  link_preview_options?: { is_disabled: boolean };
}

/**
 * The Telegram Bot API methods Khidmat uses, at `${TELEGRAM_API_URL}/bot<token>/<method>`. Every
 * call retries rate limits (honouring `retry_after`), 5xx and network failures, and fails with a
 * ChannelApiError naming the method — never the URL, which contains the bot token.
 */
export class TelegramApi {
  private readonly baseUrl: string;

  constructor(
    private readonly options: { apiUrl: string; token: string; logger: Logger; policy?: RetryPolicy },
  ) {
    this.baseUrl = options.apiUrl.replace(/\/+$/, '');
  }

  /** The bot's own user id: the part of the token before the colon. */
  get botId(): string {
    return this.options.token.split(':')[0] ?? 'telegram-bot';
  }

  call<T>(method: string, params: object, policy: RetryPolicy = this.options.policy ?? DEFAULT_RETRY_POLICY): Promise<T> {
    return retryingPost<T>({
      channel: 'telegram',
      method,
      url: `${this.baseUrl}/bot${this.options.token}/${method}`,
      body: params,
      policy,
      logger: this.options.logger,
      interpret: (status, json, headers) => interpretReply<T>(status, json, headers),
    });
  }

  sendMessage(params: SendMessageParams): Promise<{ message_id: number }> {
    return this.call('sendMessage', params);
  }

  /** Best effort, one attempt: a late "typing…" is worse than none. */
  sendChatAction(chatId: string | number, action: 'typing'): Promise<boolean> {
    return this.call('sendChatAction', { chat_id: chatId, action }, { ...this.policy, attempts: 1 });
  }

  answerCallbackQuery(callbackQueryId: string): Promise<boolean> {
    return this.call('answerCallbackQuery', { callback_query_id: callbackQueryId });
  }

  setWebhook(params: { url: string; secret_token: string; allowed_updates: string[]; drop_pending_updates?: boolean }): Promise<boolean> {
    return this.call('setWebhook', params);
  }

  getWebhookInfo(): Promise<Record<string, unknown>> {
    return this.call('getWebhookInfo', {});
  }

  private get policy(): RetryPolicy {
    return this.options.policy ?? DEFAULT_RETRY_POLICY;
  }
}

function interpretReply<T>(status: number, json: unknown, headers: Headers): Outcome<T> {
  const reply = (json && typeof json === 'object' ? json : {}) as BotApiReply;
  if (status >= 200 && status < 300 && reply.ok === true) return { ok: true, result: reply.result as T };
  const code = reply.error_code ?? status;
  const retryAfter = typeof reply.parameters?.retry_after === 'number' ? reply.parameters.retry_after * 1000 : retryAfterHeaderMs(headers);
  return {
    ok: false,
    retryable: isRetryableStatus(code),
    detail: reply.description ?? (json === undefined ? 'reply was not JSON' : `error ${code}`),
    retryAfterMs: retryAfter,
  };
}
