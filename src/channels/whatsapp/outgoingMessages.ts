import type { Activity } from 'botbuilder';
import type { Bilingual, Lang } from '../../i18n/lang';
import { plainTextOf } from '../shared/activityText';
import { PLEASE_CHOOSE } from '../shared/channelTexts';
import type { ChoiceTokens } from '../shared/choiceTokens';
import { choicesOf, type Choice } from '../shared/choices';
import { linkLines, withNumberedChoices } from '../shared/numberedChoices';
import { splitText, splitWithTail } from '../shared/splitText';

/** WhatsApp Cloud API limits for what Khidmat sends. */
export const WHATSAPP_LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
} as const;

const LIST_BUTTON: Bilingual = { ms: 'Pilih', en: 'Choose' };

interface Base {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
}

/**
 * A template message: the only kind Meta delivers outside the 24-hour customer service window. Shape
 * as in Meta's Node.js SDK reference (https://whatsapp.github.io/WhatsApp-Nodejs-SDK/api-reference/types/TemplateObject
 * and .../language_object: `policy` is always "deterministic").
 */
export interface TemplateContent {
  name: string;
  language: { policy: 'deterministic'; code: string };
  components: Array<{ type: 'body'; parameters: Array<{ type: 'text'; text: string }> }>;
}

export type WhatsAppTemplateMessage = Base & { type: 'template'; template: TemplateContent };

export type OutgoingWhatsAppMessage =
  | (Base & { type: 'text'; text: { body: string; preview_url: boolean } })
  | (Base & {
      type: 'interactive';
      interactive:
        | { type: 'button'; body: { text: string }; action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> } }
        | { type: 'list'; body: { text: string }; action: { button: string; sections: Array<{ rows: Array<{ id: string; title: string; description?: string }> }> } };
    });

export interface WhatsAppReply {
  messages: OutgoingWhatsAppMessage[];
  /** The values behind a numbered list, when the choices had to be written as text. */
  numbered?: string[];
}

/**
 * One bot reply as WhatsApp messages, degrading with what fits: up to 3 short choices → reply
 * buttons; up to 10 → a list (a label longer than a row title is shortened there and shown whole as
 * the row's description); anything else → a numbered list in the text. Links are written out.
 */
export async function whatsappReply(activity: Partial<Activity>, to: string, lang: Lang, tokens: ChoiceTokens): Promise<WhatsAppReply> {
  const base: Base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const { choices, links } = choicesOf(activity);
  const text = [plainTextOf(activity), links.length > 0 ? linkLines(links) : ''].filter(Boolean).join('\n\n');
  const textMessages = (body: string) => splitText(body, WHATSAPP_LIMITS.text).map((piece): OutgoingWhatsAppMessage => ({ ...base, type: 'text', text: { body: piece, preview_url: false } }));

  if (choices.length === 0) return { messages: textMessages(text) };

  const distinct = new Set(choices.map((choice) => choice.label)).size === choices.length;
  const fitsButtons = distinct && choices.length <= WHATSAPP_LIMITS.buttons && choices.every((choice) => choice.label.length <= WHATSAPP_LIMITS.buttonTitle);
  const fitsList = distinct && choices.length <= WHATSAPP_LIMITS.rows && choices.every((choice) => choice.label.length <= WHATSAPP_LIMITS.rowDescription);
  if (!fitsButtons && !fitsList) {
    return { messages: textMessages(withNumberedChoices(plainTextOf(activity), choices, links, lang)), numbered: choices.map((choice) => choice.value) };
  }

  const { head, tail } = splitWithTail(text, WHATSAPP_LIMITS.text, WHATSAPP_LIMITS.interactiveBody);
  const body = { text: tail || PLEASE_CHOOSE[lang] };
  const leading = head.flatMap(textMessages);
  if (fitsButtons) {
    const buttons = await Promise.all(
      choices.map(async (choice) => ({ type: 'reply' as const, reply: { id: await tokens.encode(choice.value, WHATSAPP_LIMITS.buttonId), title: choice.label } })),
    );
    return { messages: [...leading, { ...base, type: 'interactive', interactive: { type: 'button', body, action: { buttons } } }] };
  }
  const rows = await Promise.all(choices.map((choice) => listRow(choice, tokens)));
  return {
    messages: [...leading, { ...base, type: 'interactive', interactive: { type: 'list', body, action: { button: LIST_BUTTON[lang], sections: [{ rows }] } } }],
  };
}

async function listRow(choice: Choice, tokens: ChoiceTokens): Promise<{ id: string; title: string; description?: string }> {
  const id = await tokens.encode(choice.value, WHATSAPP_LIMITS.rowId);
  if (choice.label.length <= WHATSAPP_LIMITS.rowTitle) return { id, title: choice.label };
  return { id, title: shorten(choice.label, WHATSAPP_LIMITS.rowTitle), description: choice.label };
}

/**
 * Template language codes from Meta's list of supported languages
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages):
 * Malay is `ms`; English is `en` (`en_US` and `en_GB` are regional variants, not needed for Malaysia).
 * The template must be approved in both.
 */
export const TEMPLATE_LANGUAGE: Readonly<Record<Lang, string>> = { ms: 'ms', en: 'en' };

/** The approved template `name`, with `text` as its one body variable ({{1}}). */
export function templateMessage(to: string, name: string, lang: Lang, text: string): WhatsAppTemplateMessage {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: { name, language: { policy: 'deterministic', code: TEMPLATE_LANGUAGE[lang] }, components: [{ type: 'body', parameters: [{ type: 'text', text }] }] },
  };
}

/** Cuts at a word boundary where one is near, and marks the cut. */
export function shorten(label: string, max: number): string {
  const room = label.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space >= max / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}
