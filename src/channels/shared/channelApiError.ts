/** Which messaging platform an outgoing call went to. */
export type ChannelName = 'telegram' | 'whatsapp';

/**
 * A call to a channel's API (Telegram Bot API, WhatsApp Graph API) that did not succeed, after any
 * retries. `retryable` says whether a later attempt could succeed (rate limit, 5xx, network); a
 * refusal (bad request, blocked bot, closed 24-hour window) is not.
 */
export class ChannelApiError extends Error {
  constructor(
    readonly channel: ChannelName,
    /** The API method ("sendMessage", "messages"), never the URL: Telegram's URL holds the bot token. */
    readonly method: string,
    /** HTTP status, or undefined when the API could not be reached at all. */
    readonly status: number | undefined,
    /** The platform's own description or code, for the log. */
    readonly detail: string,
    readonly retryable: boolean,
    /** How long the platform asked us to wait, when it did. */
    readonly retryAfterMs?: number,
  ) {
    super(`${channel} ${method} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`);
    this.name = 'ChannelApiError';
  }
}
