import type { Activity, Attachment } from 'botbuilder';

/**
 * The text a plain-text channel shows for a reply. The bot always puts the readable text in
 * `activity.text` (a receipt card carries the same facts as text); only a reply with no text at all
 * falls back to the words inside its cards, so nothing is silently dropped.
 */
export function plainTextOf(activity: Partial<Activity>): string {
  const text = (activity.text ?? '').trim();
  if (text) return text;
  return (activity.attachments ?? []).map(attachmentText).filter(Boolean).join('\n\n');
}

function attachmentText(attachment: Attachment): string {
  const content = attachment.content as Record<string, unknown> | undefined;
  if (!content || typeof content !== 'object') return '';
  if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') return adaptiveText(content.body).join('\n');
  // Hero and thumbnail cards: title, subtitle, text.
  return ['title', 'subtitle', 'text']
    .map((field) => content[field])
    .filter((value): value is string => typeof value === 'string' && value.trim() !== '')
    .join('\n');
}

function adaptiveText(elements: unknown): string[] {
  if (!Array.isArray(elements)) return [];
  return elements.flatMap((element): string[] => {
    if (!element || typeof element !== 'object') return [];
    const item = element as Record<string, unknown>;
    if (item.type === 'TextBlock' && typeof item.text === 'string') return [item.text];
    if (item.type === 'FactSet' && Array.isArray(item.facts)) {
      return item.facts.map((fact: { title?: unknown; value?: unknown }) => `${String(fact.title ?? '')}: ${String(fact.value ?? '')}`);
    }
    if (Array.isArray(item.items)) return adaptiveText(item.items);
    if (Array.isArray(item.columns)) return (item.columns as Array<{ items?: unknown }>).flatMap((column) => adaptiveText(column.items));
    return [];
  });
}
