import type { ServiceId } from '../../flows/types';
import type { Bilingual } from '../../i18n/lang';

/** Every sentence the knowledge answers add around a passage, in both languages. */
export const KNOWLEDGE_TEXTS = {
  source: { ms: 'Sumber: {title} — {url}', en: 'Source: {title} — {url}' },
  feeNote: {
    ms: 'Amaun seperti yang diterbitkan oleh {agency}; sila semak laman rasmi untuk kadar semasa.',
    en: 'Amounts as published by {agency}; check the official page for the current rate.',
  },
  decline: {
    ms: 'Maaf, saya tiada maklumat itu dalam pangkalan pengetahuan Khidmat, jadi saya tidak akan meneka. {contact}',
    en: "Sorry, I don't have that information in Khidmat's knowledge base, so I won't guess. {contact}",
  },
  contactJpj: {
    ms: 'Sila hubungi Jabatan Pengangkutan Jalan (JPJ): www.jpj.gov.my atau aplikasi MyJPJ.',
    en: 'Please contact the Road Transport Department (JPJ): www.jpj.gov.my or the MyJPJ app.',
  },
  contactJim: {
    ms: 'Sila hubungi Jabatan Imigresen Malaysia (JIM): www.imi.gov.my.',
    en: 'Please contact the Immigration Department of Malaysia (JIM): www.imi.gov.my.',
  },
  contactGeneral: {
    ms: 'Sila rujuk portal rasmi kerajaan www.malaysia.gov.my, atau JPJ (www.jpj.gov.my) dan Imigresen (www.imi.gov.my) bagi perkhidmatan mereka.',
    en: 'Please check the official government portal www.malaysia.gov.my, or JPJ (www.jpj.gov.my) and Immigration (www.imi.gov.my) for their services.',
  },
} as const satisfies Record<string, Bilingual>;

/** The offer made after an answer about something Khidmat can do ("shall I start it?"). */
export const SERVICE_OFFERS: Readonly<Record<ServiceId, Bilingual>> = {
  'jpj.roadtax.renew': { ms: 'Mahu saya perbaharui cukai jalan anda sekarang?', en: 'Would you like me to renew your road tax now?' },
  'jpj.licence.renew': { ms: 'Mahu saya perbaharui lesen memandu anda sekarang?', en: 'Would you like me to renew your driving licence now?' },
  'jpj.summons.check': { ms: 'Mahu saya semak saman anda sekarang?', en: 'Would you like me to check your summonses now?' },
  'jpj.demerit.check': { ms: 'Mahu saya semak mata demerit anda sekarang?', en: 'Would you like me to check your demerit points now?' },
  'jim.passport.renew': { ms: 'Mahu saya perbaharui pasport anda sekarang?', en: 'Would you like me to renew your passport now?' },
  'jim.passport.status': { ms: 'Mahu saya semak status permohonan pasport anda?', en: 'Would you like me to check your passport application status?' },
  'jim.travel.check': { ms: 'Mahu saya semak sama ada anda mempunyai sekatan perjalanan?', en: 'Would you like me to check whether you have a travel restriction?' },
  'appointment.book': { ms: 'Mahu saya tempah temujanji kaunter untuk anda?', en: 'Would you like me to book a counter appointment for you?' },
};
