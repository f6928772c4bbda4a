import type { Bilingual } from '../lang';

/** Greeting, menu, language and error texts shared by every conversation. */
export const general = {
  'welcome.intro': {
    ms: 'Salam! Saya Khidmat, pembantu automatik (bukan manusia) untuk perkhidmatan JPJ dan Imigresen. Saya boleh bantu anda selesaikan urusan sepenuhnya di sini — semak kelayakan, sahkan identiti, bayar dan terima resit.',
    en: 'Hello! I am Khidmat, an automated assistant (not a person) for JPJ and Immigration services. I can help you finish a service right here — check eligibility, verify your identity, pay and get your receipt.',
  },
  'welcome.privacy': {
    ms: 'Privasi: saya hanya minta maklumat yang perlu untuk urusan anda, dan nombor MyKad disembunyikan dalam rekod. Notis penuh: {privacyUrl}',
    en: 'Privacy: I only ask for what your service needs, and MyKad numbers are masked in our records. Full notice: {privacyUrl}',
  },
  'welcome.language': {
    ms: 'Anda boleh bertukar bahasa bila-bila masa — taip "English please".',
    en: 'You can switch language at any time — type "Bahasa Melayu".',
  },
  'menu.prompt': {
    ms: 'Apa yang boleh saya bantu? Pilih satu atau tulis dengan ayat anda sendiri.',
    en: 'What can I help you with? Pick one or write it in your own words.',
  },
  'menu.roadtax': { ms: 'Perbaharui cukai jalan', en: 'Renew road tax' },
  'menu.licence': { ms: 'Perbaharui lesen memandu', en: 'Renew driving licence' },
  'menu.summons': { ms: 'Semak & bayar saman', en: 'Check & pay summons' },
  'menu.demerit': { ms: 'Mata demerit KEJARA', en: 'KEJARA demerit points' },
  'menu.passport': { ms: 'Perbaharui pasport', en: 'Renew passport' },
  'menu.passportStatus': { ms: 'Status pasport', en: 'Passport status' },
  'menu.travel': { ms: 'Semak sekatan perjalanan', en: 'Check travel restriction' },
  'menu.appointment': { ms: 'Temujanji kaunter', en: 'Counter appointment' },
  'language.switched': {
    ms: 'Baik, saya akan teruskan dalam Bahasa Melayu.',
    en: 'Sure, I will continue in English.',
  },
  'fallback.notUnderstood': {
    ms: 'Maaf, saya kurang faham. Cuba tulis dengan cara lain, atau pilih dari menu di bawah.',
    en: 'Sorry, I did not quite get that. Try saying it another way, or pick from the menu below.',
  },
  'error.generic': {
    ms: 'Maaf, ada masalah teknikal di pihak kami. Maklumat anda selamat — sila hantar semula mesej anda sebentar lagi.',
    en: 'Sorry, something went wrong on our side. Your details are safe — please send your message again in a moment.',
  },
  'error.busy': {
    ms: 'Mesej anda sebelum ini masih diproses. Sila tunggu sebentar dan hantar semula.',
    en: 'Your previous message is still being processed. Please wait a moment and send again.',
  },
  'error.unsupportedContent': {
    ms: 'Saya hanya boleh membaca mesej teks buat masa ini. Sila taip permintaan anda.',
    en: 'I can only read text messages for now. Please type your request.',
  },
  'help.text': {
    ms: 'Taip apa yang anda perlukan, contohnya "nak renew cukai jalan WXY 1234". Taip "menu" untuk senarai perkhidmatan, "batal" untuk berhenti, atau "English please" untuk bertukar bahasa.',
    en: 'Type what you need, for example "renew road tax WXY 1234". Type "menu" for the list of services, "cancel" to stop, or "Bahasa Melayu" to switch language.',
  },
} satisfies Record<string, Bilingual>;
