import { ActivityTypes, type Activity } from 'botbuilder';
import type { ChoiceTokens } from '../shared/choiceTokens';
import type { WhatsAppInboundMessage } from './whatsappPayload';

/**
 * What the citizen said: the typed text, or the choice behind a tapped button or list row (its
 * token, falling back to the title shown). Media, locations and the like have no text; the bot then
 * explains that it reads text only.
 */
export async function saidText(message: WhatsAppInboundMessage, tokens: ChoiceTokens): Promise<{ text: string; typed: boolean }> {
  if (message.type === 'text') return { text: message.text?.body ?? '', typed: true };
  if (message.type === 'interactive') {
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
    if (!reply) return { text: '', typed: false };
    const description = message.interactive?.list_reply?.description;
    // A shortened row title ends with "…"; its description holds the whole label.
    const shown = reply.title.endsWith('…') && description ? description : reply.title;
    return { text: (await tokens.decode(reply.id).catch(() => undefined)) ?? shown, typed: false };
  }
  if (message.type === 'button') return { text: message.button?.text ?? '', typed: false };
  return { text: '', typed: false };
}

/** A Bot Framework message activity for a WhatsApp message: the conversation and the user are the wa_id. */
export function whatsappActivity(input: {
  message: WhatsAppInboundMessage;
  text: string;
  name?: string;
  phoneNumberId: string;
  serviceUrl: string;
}): Partial<Activity> {
  const { message } = input;
  const seconds = Number(message.timestamp);
  return {
    type: ActivityTypes.Message,
    id: message.id,
    channelId: 'whatsapp',
    serviceUrl: input.serviceUrl,
    timestamp: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(),
    conversation: { id: message.from, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: message.from, name: input.name ?? '', role: 'user' },
    recipient: { id: input.phoneNumberId, name: 'Khidmat', role: 'bot' },
    text: input.text,
    textFormat: 'plain',
    channelData: { messageType: message.type },
  };
}
