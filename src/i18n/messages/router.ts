import type { Bilingual } from '../lang';

/** Texts of the router: side questions, knowledge answers, handoff. */
export const router = {
  'knowledge.source': { ms: 'Sumber: {title} — {url}', en: 'Source: {title} — {url}' },
  'knowledge.offerService': { ms: 'Mahu saya uruskan {service} untuk anda sekarang?', en: 'Would you like me to do {service} for you now?' },
  'knowledge.startService': { ms: 'Ya, mulakan', en: 'Yes, start it' },
  'handoff.intro': {
    ms: 'Saya faham anda mahu bercakap dengan pegawai. Buat masa ini, cara paling pasti ialah temujanji di kaunter JPJ atau Imigresen — saya boleh tempahkan untuk anda.',
    en: 'I understand you would like to talk to an officer. For now, the surest way is an appointment at a JPJ or Immigration counter — I can book one for you.',
  },
  'payment.lateReceipt': {
    ms: 'Bayaran anda untuk rujukan {ref} telah diterima dan urusan selesai.',
    en: 'Your payment for reference {ref} has been received and the service is complete.',
  },
} satisfies Record<string, Bilingual>;
