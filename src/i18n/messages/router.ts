import type { Bilingual } from '../lang';

/** Texts of the router: side questions, knowledge answers, handoff. */
export const router = {
  'payment.nothingPending': {
    ms: 'Tiada bayaran yang sedang menunggu dalam perbualan ini — resit dihantar di sini sebaik sahaja bayaran diterima.',
    en: 'Nothing is waiting for payment in this conversation — receipts are sent here as soon as a payment arrives.',
  },
} satisfies Record<string, Bilingual>;
