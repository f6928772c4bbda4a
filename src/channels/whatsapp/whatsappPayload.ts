import { z } from 'zod';

/**
 * The parts of a WhatsApp Cloud API webhook Khidmat reads
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). Unknown message
 * types still parse — the bot then explains that it reads text only.
 */
const InboundMessage = z.object({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  // A tapped quick-reply button of a template message.
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
});

const ChangeValue = z.object({
  metadata: z.object({ phone_number_id: z.string() }).optional(),
  contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(InboundMessage).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/**
 * A delivery status (sent, delivered, read, failed) of a message Khidmat sent; `errors` say why one
 * failed. Read one at a time: a status we do not understand is skipped, not the whole payload.
 */
export const DeliveryStatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  recipient_id: z.string().min(1).optional(),
  /** When it happened: seconds since 1970, as text. */
  timestamp: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional() })).optional(),
});

export const WhatsAppWebhookSchema = z.object({
  object: z.string(),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: ChangeValue })) })),
});

export type WhatsAppWebhook = z.infer<typeof WhatsAppWebhookSchema>;
export type WhatsAppInboundMessage = z.infer<typeof InboundMessage>;
