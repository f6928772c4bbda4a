import type { Bilingual } from '../lang';

/** What a citizen is told when an officer closes a paid transaction the agency could not deliver. */
export const payments = {
  'payments.refunded': {
    ms: 'Tentang bayaran anda untuk {service} (rujukan {ref}): agensi tidak dapat menyelesaikan urusan ini dalam talian, jadi bayaran RM{amount} telah dipulangkan melalui kaedah pembayaran yang anda gunakan. Anda tidak perlu membayar apa-apa; anda boleh memohon semula bila-bila masa.',
    en: 'About your payment for {service} (reference {ref}): the agency could not complete it online, so your RM{amount} has been refunded through the payment method you used. You do not need to pay anything; you may apply again at any time.',
  },
  'payments.deliveredByHand': {
    ms: 'Urusan {service} anda (rujukan {ref}) telah diselesaikan oleh pegawai kami. Bayaran RM{amount} anda telah digunakan untuknya; jangan bayar semula.',
    en: 'Your {service} (reference {ref}) has been completed by our officer. Your payment of RM{amount} went to it; do not pay again.',
  },
} satisfies Record<string, Bilingual>;
