import type { Bilingual } from '../lang';

/** Texts of the router: side questions, knowledge answers, handoff. */
export const router = {
  'knowledge.offerService': { ms: 'Mahu saya uruskan {service} untuk anda sekarang?', en: 'Would you like me to do {service} for you now?' },
  'knowledge.startService': { ms: 'Ya, mulakan', en: 'Yes, start it' },
  'handoff.intro': {
    ms: 'Saya faham anda mahu bercakap dengan pegawai. Buat masa ini, cara paling pasti ialah temujanji di kaunter JPJ atau Imigresen — saya boleh tempahkan untuk anda.',
    en: 'I understand you would like to talk to an officer. For now, the surest way is an appointment at a JPJ or Immigration counter — I can book one for you.',
  },
  'payment.nothingPending': {
    ms: 'Tiada bayaran yang sedang menunggu dalam perbualan ini — resit dihantar di sini sebaik sahaja bayaran diterima.',
    en: 'Nothing is waiting for payment in this conversation — receipts are sent here as soon as a payment arrives.',
  },
} satisfies Record<string, Bilingual>;
