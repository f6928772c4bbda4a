import type { Bilingual } from '../lang';

/** Texts of handoff to officers, data rights and satisfaction. */
export const operations = {
  'handoff.queued': {
    ms: 'Baik, saya sambungkan anda kepada pegawai. Anda nombor {position} dalam giliran; anggaran menunggu {minutes} minit. Taip mesej anda di sini — pegawai akan membacanya. Taip "batal" untuk kembali kepada Khidmat.',
    en: 'OK, I am connecting you to an officer. You are number {position} in the queue; the estimated wait is {minutes} minutes. Type your message here — the officer will read it. Type "cancel" to return to Khidmat.',
  },
  'handoff.stillWaiting': {
    ms: 'Mesej anda telah diterima. Anda masih dalam giliran — seorang pegawai akan membalas tidak lama lagi.',
    en: 'Your message has been received. You are still in the queue — an officer will reply shortly.',
  },
  'handoff.closed': {
    ms: 'Pegawai kami bertugas pada {hours} (waktu Malaysia). Sekarang di luar waktu itu, tetapi saya boleh tempah temujanji kaunter untuk anda.',
    en: 'Our officers are available {hours} (Malaysia time). It is outside those hours now, but I can book a counter appointment for you.',
  },
  'handoff.left': { ms: 'Anda telah keluar dari giliran. Kembali kepada Khidmat.', en: 'You have left the queue. Back to Khidmat.' },
  'handoff.officer': { ms: 'Pegawai: {text}', en: 'Officer: {text}' },
  'handoff.released': {
    ms: 'Pegawai telah menyerahkan perbualan ini kembali kepada Khidmat. Ada apa-apa lagi yang boleh saya bantu?',
    en: 'The officer has handed this conversation back to Khidmat. Anything else I can help with?',
  },
  'handoff.offerAfterTrouble': {
    ms: 'Maaf, saya masih tidak faham. Mahu saya sambungkan anda kepada pegawai?',
    en: 'Sorry, I still do not understand. Shall I connect you to an officer?',
  },
  'handoff.talkToOfficer': { ms: 'Bercakap dengan pegawai', en: 'Talk to an officer' },
  'data.confirmErase': {
    ms: 'Anda mahu saya padam data anda dalam Khidmat (bahasa pilihan, perbualan ini, pengesahan identiti, giliran pegawai)? Rekod urusan yang telah selesai disimpan oleh agensi berkenaan, bukan Khidmat.',
    en: 'Do you want me to delete your data in Khidmat (language choice, this conversation, identity verification, officer queue)? Records of completed services are kept by the agency concerned, not by Khidmat.',
  },
  'data.eraseYes': { ms: 'Ya, padam', en: 'Yes, delete' },
  'data.eraseNo': { ms: 'Tidak', en: 'No' },
  'data.erased': { ms: 'Data anda dalam Khidmat telah dipadam.', en: 'Your data in Khidmat has been deleted.' },
  'data.kept': { ms: 'Baik, tiada apa-apa yang dipadam.', en: 'OK, nothing was deleted.' },
  'data.summary': {
    ms: 'Data yang Khidmat simpan tentang anda:\n• Bahasa: {lang}\n• Notis privasi dipersetujui: {consent}\n• Identiti disahkan (MyKad): {mykad}\n• Urusan sedang berjalan: {service}\nPerbualan tamat tempoh selepas {conversationMinutes} minit tanpa aktiviti; pilihan bahasa selepas {userDays} hari. Taip "padam data saya" untuk memadamnya sekarang.',
    en: 'The data Khidmat holds about you:\n• Language: {lang}\n• Privacy notice accepted: {consent}\n• Verified identity (MyKad): {mykad}\n• Service in progress: {service}\nConversations expire after {conversationMinutes} minutes without activity; the language choice after {userDays} days. Type "delete my data" to delete it now.',
  },
  'data.none': { ms: 'tiada', en: 'none' },
  'rating.ask': { ms: 'Bagaimana pengalaman anda? Beri penilaian 1 (teruk) hingga 5 (sangat baik).', en: 'How was your experience? Rate it from 1 (poor) to 5 (excellent).' },
  'rating.thanks': { ms: 'Terima kasih atas penilaian anda!', en: 'Thank you for your rating!' },
} satisfies Record<string, Bilingual>;
