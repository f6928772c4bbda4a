import type { Bilingual } from '../lang';

/** Texts of the flow engine shared by every service (identity, confirmation, payment, receipt). */
export const flow = {
  'flow.start': { ms: 'Baik, mari kita uruskan: {service}.', en: 'Sure, let us do this: {service}.' },
  'flow.tooManyTries': {
    ms: 'Nampaknya ada kesukaran di sini. Anda boleh cuba semula kemudian, buat temujanji kaunter, atau minta bantuan pegawai.',
    en: 'This seems to be getting difficult. You can try again later, book a counter appointment, or ask for an officer.',
  },
  'flow.cancelled': { ms: 'Baik, saya batalkan. Tiada apa-apa yang dicaj.', en: 'OK, I have cancelled it. Nothing was charged.' },
  'flow.nothingToCancel': { ms: 'Tiada urusan yang sedang berjalan.', en: 'There is nothing in progress.' },
  'flow.resume': { ms: 'Kembali kepada {service}:', en: 'Back to {service}:' },
  'flow.updated': { ms: 'Baik, saya kemas kini {detail} kepada {value}.', en: 'OK, I have updated {detail} to {value}.' },
  'flow.switching': { ms: 'Baik, saya hentikan {from} dan mulakan {to}.', en: 'OK, I will stop {from} and start {to}.' },
  'identity.why': {
    ms: 'Untuk melindungi data anda, saya perlu sahkan identiti anda dahulu.',
    en: 'To protect your data, I need to verify who you are first.',
  },
  'identity.sent': {
    ms: 'Saya telah menghantar kod 6 digit melalui SMS ke nombor telefon yang berdaftar dengan MyKad ini (jika ada). Sila taip kod tersebut. Kod sah selama 5 minit. Taip "hantar semula" jika tidak menerimanya.',
    en: 'I have sent a 6-digit code by SMS to the phone number registered with this MyKad (if there is one). Please type the code. It is valid for 5 minutes. Type "resend" if it did not arrive.',
  },
  'identity.resent': { ms: 'Kod baharu telah dihantar.', en: 'A new code has been sent.' },
  'identity.codeFormat': { ms: 'Kod mengandungi 6 digit, contohnya 123456.', en: 'The code has 6 digits, for example 123456.' },
  'identity.wrong': {
    ms: 'Kod itu tidak sah. Anda ada {left} cubaan lagi.',
    en: 'That code is not valid. You have {left} more tries.',
  },
  'identity.expired': {
    ms: 'Kod itu telah tamat tempoh. Saya hantar kod baharu — sila semak SMS anda.',
    en: 'That code has expired. I am sending a new one — please check your SMS.',
  },
  'identity.locked': {
    ms: 'Terlalu banyak cubaan yang salah. Demi keselamatan, pengesahan dikunci buat sementara. Sila cuba lagi selepas 15 minit, atau buat temujanji kaunter.',
    en: 'Too many wrong tries. For your security, verification is locked for now. Please try again after 15 minutes, or book a counter appointment.',
  },
  'identity.verified': { ms: 'Terima kasih, identiti anda disahkan.', en: 'Thank you, your identity is verified.' },
  'confirm.question': { ms: 'Teruskan dengan pembayaran RM{amount}?', en: 'Go ahead with the payment of RM{amount}?' },
  'confirm.yes': { ms: 'Ya, teruskan', en: 'Yes, go ahead' },
  'confirm.no': { ms: 'Tidak', en: 'No' },
  'confirm.hint': { ms: 'Sila jawab "ya" atau "tidak".', en: 'Please answer "yes" or "no".' },
  'pay.link': {
    ms: 'Sila bayar RM{amount} melalui pautan selamat ini (FPX): {url}\nSaya akan hantar resit sebaik sahaja pembayaran diterima. Jika sudah bayar, taip "dah bayar".',
    en: 'Please pay RM{amount} through this secure link (FPX): {url}\nI will send your receipt as soon as the payment arrives. If you have paid, type "paid".',
  },
  'pay.waiting': {
    ms: 'Pembayaran belum diterima lagi. Pautan bayaran: {url}\nTaip "dah bayar" selepas membayar, atau "batal" untuk berhenti.',
    en: 'The payment has not arrived yet. Payment link: {url}\nType "paid" after paying, or "cancel" to stop.',
  },
  'pay.cancelled': {
    ms: 'Pembayaran tidak berjaya atau dibatalkan, dan tiada caj dikenakan. Mahu cuba sekali lagi?',
    en: 'The payment did not go through or was cancelled, and nothing was charged. Would you like to try again?',
  },
  'pay.paid': { ms: 'Bayaran diterima', en: 'Payment received' },
  'pay.failedAfterPayment': {
    ms: 'Bayaran anda diterima tetapi agensi belum dapat menyelesaikan urusan. Jangan bayar semula — saya akan cuba lagi secara automatik dan menghantar resit. Rujukan: {ref}',
    en: 'Your payment was received but the agency could not complete the service yet. Do not pay again — I will retry automatically and send your receipt. Reference: {ref}',
  },
  'receipt.title': { ms: 'Resit — {service}', en: 'Receipt — {service}' },
  'receipt.reference': { ms: 'Rujukan', en: 'Reference' },
  'receipt.amount': { ms: 'Jumlah dibayar', en: 'Amount paid' },
  'receipt.done': { ms: 'Selesai! Urusan anda telah berjaya dalam talian.', en: 'Done! Your service was completed online.' },
  'counter.offer': { ms: 'Mahu saya tempah temujanji di kaunter {agency}?', en: 'Shall I book a counter appointment at {agency}?' },
  'counter.yes': { ms: 'Ya, tempah temujanji', en: 'Yes, book an appointment' },
  'offer.yes': { ms: 'Ya', en: 'Yes' },
  'offer.no': { ms: 'Tidak, terima kasih', en: 'No, thanks' },
  'offer.declined': { ms: 'Baik. Ada apa-apa lagi yang boleh saya bantu?', en: 'OK. Is there anything else I can help with?' },
} satisfies Record<string, Bilingual>;
