import type { Logger } from '../../observability/logger';
import { ChannelApiError } from '../shared/channelApiError';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryAfterHeaderMs, retryingPost, type Outcome, type RetryPolicy } from '../shared/retryingPost';
import type { OutgoingWhatsAppMessage, WhatsAppTemplateMessage } from './outgoingMessages';

// Graph error codes that mean "slow down" even when the HTTP status says 400.
const THROTTLED_CODES = new Set([4, 80007, 130429]);
// "Re-engagement message": free-form messages are allowed only within 24 hours of the citizen's
// last message (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
export const OUTSIDE_SERVICE_WINDOW = 131047;

/** Meta refused a free-form message because the citizen's 24-hour window has closed (its clock, not ours). */
export class OutsideServiceWindowError extends ChannelApiError {
  constructor(cause: ChannelApiError) {
    super(cause.channel, cause.method, cause.status, cause.detail, false);
    this.name = 'OutsideServiceWindowError';
  }
}

interface GraphReply {
  messages?: Array<{ id?: string }>;
  error?: { message?: string; code?: number; error_subcode?: number };
}

/**
 * Sends messages through the WhatsApp Cloud API (`${WHATSAPP_API_URL}/${phone number id}/messages`,
 * Bearer access token), retrying throttling, 5xx and network failures.
 */
export class WhatsAppApi {
  private readonly url: string;

  constructor(
    private readonly options: { apiUrl: string; phoneNumberId: string; accessToken: string; logger: Logger; policy?: RetryPolicy },
  ) {
    this.url = `${options.apiUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  }

  /** Returns the WhatsApp message id (wamid…); throws OutsideServiceWindowError for 131047. */
  async sendMessage(message: OutgoingWhatsAppMessage | WhatsAppTemplateMessage): Promise<string> {
    let lastCode: number | undefined;
    try {
      return await retryingPost<string>({
        channel: 'whatsapp',
        method: 'messages',
        url: this.url,
        body: message,
        headers: { authorization: `Bearer ${this.options.accessToken}` },
        policy: this.options.policy ?? DEFAULT_RETRY_POLICY,
        logger: this.options.logger,
        interpret: (status, json, headers) => {
          lastCode = graphReply(json).error?.code;
          return interpret(status, json, headers);
        },
      });
    } catch (err) {
      if (err instanceof ChannelApiError && lastCode === OUTSIDE_SERVICE_WINDOW) throw new OutsideServiceWindowError(err);
      throw err;
    }
  }
}

const graphReply = (json: unknown): GraphReply => (json && typeof json === 'object' ? json : {}) as GraphReply;

function interpret(status: number, json: unknown, headers: Headers): Outcome<string> {
  const reply = graphReply(json);
  if (status >= 200 && status < 300 && !reply.error) return { ok: true, result: reply.messages?.[0]?.id ?? '' };
  const code = reply.error?.code;
  const detail =
    code === OUTSIDE_SERVICE_WINDOW
      ? 'outside the 24-hour customer service window (a template message would be needed)'
      : `${reply.error?.message ?? (json === undefined ? 'reply was not JSON' : 'error')}${code ? ` (code ${code})` : ''}`;
  return {
    ok: false,
    retryable: isRetryableStatus(status) || (code !== undefined && THROTTLED_CODES.has(code)),
    detail,
    retryAfterMs: retryAfterHeaderMs(headers),
  };
}
