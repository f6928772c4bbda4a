import { MAX_EXECUTION_ATTEMPTS } from '../flows/settlement';
import { RESOLUTION_OUTCOMES, type Resolution, type ResolutionOutcome, type TransactionRecord } from '../flows/transactions';
import type { Bilingual } from '../i18n/lang';
import { maskText, maskValue } from '../observability/mask';

const NOTE_MAX = 500;
// What the service needs to deliver is fine to show; the MyKad is shown masked, the agency token never.
const HIDDEN_REQUEST_FIELDS = new Set(['ic', 'mykad', 'token']);

/** One paid, undelivered (or just acted on) transaction as the operator page shows it. */
export interface PaymentAttentionView {
  ref: string;
  service: string;
  title: Bilingual;
  amount: string;
  status: TransactionRecord['status'];
  attempts: number;
  failure: string | null;
  /** The reconciler stopped retrying: only an operator moves it now. */
  gaveUp: boolean;
  lang: TransactionRecord['lang'];
  mykad: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  resolution: Resolution | null;
}

export function paymentAttentionView(record: TransactionRecord, title: Bilingual): PaymentAttentionView {
  const attempts = record.attempts ?? 0;
  const request = record.request ?? {};
  const details = Object.fromEntries(Object.entries(request).filter(([key]) => !HIDDEN_REQUEST_FIELDS.has(key.toLowerCase())));
  return {
    ref: record.ref,
    service: record.service,
    title,
    amount: record.amount,
    status: record.status,
    attempts,
    failure: record.failure ?? null,
    gaveUp: reconcilerGaveUp(record),
    lang: record.lang,
    mykad: maskedMyKad(request.ic ?? request.mykad),
    details: maskValue(details) as Record<string, unknown>,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    // The operator's note is free text: masked like a log line, in case a MyKad was typed into it.
    resolution: record.resolution ? { ...record.resolution, note: maskText(record.resolution.note) } : null,
  };
}

/** The reconciler no longer picks it up (TransactionStore.pending): only an operator moves it now. */
export function reconcilerGaveUp(record: TransactionRecord): boolean {
  return record.status === 'failed' && (record.attempts ?? 0) >= MAX_EXECUTION_ATTEMPTS;
}

/** Masked as everywhere else (850412-**-**66); anything that does not look like a MyKad is not shown at all. */
function maskedMyKad(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const raw = String(value);
  const masked = maskText(raw);
  return masked !== raw && /\*\*-\*\*/.test(masked) ? masked : '[hidden]';
}

export class InvalidResolutionError extends Error {
  override readonly name = 'InvalidResolutionError';
}

/** `{ outcome: 'refunded' | 'delivered_by_hand', note: 1–500 characters }` */
export function parseResolution(body: unknown): { outcome: ResolutionOutcome; note: string } {
  const { outcome, note } = (body ?? {}) as { outcome?: unknown; note?: unknown };
  if (typeof outcome !== 'string' || !(RESOLUTION_OUTCOMES as readonly string[]).includes(outcome)) {
    throw new InvalidResolutionError(`"outcome" must be one of ${RESOLUTION_OUTCOMES.join(', ')}`);
  }
  const text = typeof note === 'string' ? note.trim() : '';
  if (!text || text.length > NOTE_MAX) throw new InvalidResolutionError(`"note" (text, 1–${NOTE_MAX} characters) is required`);
  return { outcome: outcome as ResolutionOutcome, note: text };
}
