import { ChoiceTokens } from '../shared/choiceTokens';
import { NumberedChoiceMemory } from '../shared/numberedChoices';
import type { RetryPolicy } from '../shared/retryingPost';
import type { ChannelMount } from '../types';
import { HeldMessages } from './heldMessages';
import { ServiceWindow } from './serviceWindow';
import { WhatsAppAdapter } from './whatsappAdapter';
import { WhatsAppApi } from './whatsappApi';
import { whatsappVerification, whatsappWebhook } from './whatsappWebhook';

export { WhatsAppAdapter } from './whatsappAdapter';
export { WhatsAppApi } from './whatsappApi';

/**
 * The WhatsApp Cloud API channel: GET/POST /api/whatsapp, replies through the Graph API, and
 * proactive messages for conversations that began on WhatsApp. Mounts nothing unless the four
 * WHATSAPP_* credentials are set (config refuses a partial set). `now` is the clock of the 24-hour
 * customer service window (tests move it on).
 */
export function createWhatsAppMount(options: { retry?: RetryPolicy; now?: () => number } = {}): ChannelMount {
  return (server, deps) => {
    const {
      WHATSAPP_ACCESS_TOKEN: accessToken,
      WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
      WHATSAPP_APP_SECRET: appSecret,
      WHATSAPP_VERIFY_TOKEN: verifyToken,
    } = deps.config;
    if (!accessToken || !phoneNumberId || !appSecret || !verifyToken) return;
    const api = new WhatsAppApi({ apiUrl: deps.config.WHATSAPP_API_URL, phoneNumberId, accessToken, logger: deps.logger, policy: options.retry });
    const tokens = new ChoiceTokens(deps.backend.kv);
    const numbered = new NumberedChoiceMemory(deps.backend.kv);
    const window = new ServiceWindow(deps.backend.kv, options.now);
    const held = new HeldMessages(deps.backend.kv);
    const adapter = new WhatsAppAdapter(api, tokens, numbered, deps.config.DEFAULT_LANGUAGE, deps.logger, {
      window,
      held,
      templateName: deps.config.WHATSAPP_TEMPLATE_NAME,
    });
    deps.proactive.register('whatsapp', (reference, logic) => adapter.continueConversation(reference, logic));
    // "Delete my data" also drops replies kept for a closed window, and what is remembered of those sent.
    deps.privacy.onErase(async ({ channelId, conversationId }) => {
      if (channelId === 'whatsapp' && conversationId) await held.forget(conversationId);
    });
    server.get('/api/whatsapp', whatsappVerification({ verifyToken }));
    server.post('/api/whatsapp', whatsappWebhook({ deps, adapter, tokens, numbered, window, phoneNumberId, appSecret, verifyToken }));
  };
}

export const mountWhatsApp: ChannelMount = createWhatsAppMount();
