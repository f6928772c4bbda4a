import { fill, type Bilingual } from '../i18n/lang';

/**
 * Why an agency says "not online": a typed code the agency API returns, and here, for each code,
 * what it means for the citizen and what to do next, in both languages. A refusal is data (HTTP 200,
 * `eligible: false`), not an error, so the bot can explain it and offer the way forward.
 */
export const REASON_CODES = [
  'INSURANCE_EXPIRED',
  'SUMMONS_BLACKLIST',
  'INSPECTION_REQUIRED',
  'VEHICLE_NOT_SUPPORTED_ONLINE',
  'LICENCE_VOID',
  'PROBATIONARY_LICENCE',
  'VOCATIONAL_LICENCE',
  'LICENCE_RESTRICTED',
  'CHILD_PASSPORT',
  'FIRST_PASSPORT',
  'NON_CHIP_PASSPORT',
  'PASSPORT_LOST_OR_DAMAGED',
  'CONCESSION_DOCUMENTS_REQUIRED',
  'PTPTN_BLACKLIST',
  'SUMMONS_NOT_COMPOUNDABLE',
  'NOT_ELIGIBLE_ONLINE',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** What a reason carries besides its code (all optional; each code fills the ones it needs). */
export interface ReasonDetails {
  summonsIds?: string[];
  expiredOn?: string;
  insuranceExpiredOn?: string;
  age?: number;
  licenceType?: string;
  licenceClass?: string;
  restriction?: string;
  concession?: string;
  why?: string;
}
export type Reason = { code: ReasonCode } & ReasonDetails;

export interface ReasonInfo {
  explanation: Bilingual;
  wayForward: Bilingual;
  /** True when the way forward is a visit to a counter, so the bot offers to book an appointment. */
  counterAppointment: boolean;
  /** True when the citizen can clear the obstacle online right now (pay the summons in the chat). */
  fixableOnline: boolean;
}

export const REASONS: Readonly<Record<ReasonCode, ReasonInfo>> = {
  INSURANCE_EXPIRED: {
    explanation: {
      ms: 'Insurans kenderaan ini telah tamat tempoh pada {insuranceExpiredOn}. Cukai jalan hanya boleh diperbaharui jika insurans masih sah.',
      en: 'This vehicle’s insurance expired on {insuranceExpiredOn}. Road tax can only be renewed while the insurance is valid.',
    },
    wayForward: {
      ms: 'Perbaharui insurans dengan syarikat insurans atau ejen anda dahulu. Rekod insurans dihantar terus kepada JPJ; selepas itu anda boleh memperbaharui cukai jalan di sini.',
      en: 'Renew the insurance with your insurer or agent first. The insurance record is sent to JPJ electronically; after that you can renew the road tax here.',
    },
    counterAppointment: false,
    fixableOnline: false,
  },
  SUMMONS_BLACKLIST: {
    explanation: {
      ms: 'Anda disenarai hitam kerana saman {summonsIds} belum dibayar lebih daripada 60 hari.',
      en: 'You are blacklisted because summons {summonsIds} has been unpaid for more than 60 days.',
    },
    wayForward: {
      ms: 'Bayar saman tersebut dalam talian sekarang; senarai hitam akan ditarik balik dan anda boleh meneruskan pembaharuan.',
      en: 'Pay that summons online now; the blacklist is lifted and you can carry on with the renewal.',
    },
    counterAppointment: false,
    fixableOnline: true,
  },
  INSPECTION_REQUIRED: {
    explanation: {
      ms: 'Cukai jalan kenderaan ini telah tamat tempoh sejak {expiredOn}, lebih daripada 3 tahun. Kenderaan perlu diperiksa di PUSPAKOM sebelum cukai jalan boleh diperbaharui.',
      en: 'This vehicle’s road tax expired on {expiredOn}, more than 3 years ago. The vehicle must be inspected at PUSPAKOM before the road tax can be renewed.',
    },
    wayForward: {
      ms: 'Bawa kenderaan untuk pemeriksaan PUSPAKOM, kemudian perbaharui cukai jalan di kaunter JPJ. Saya boleh tempahkan temu janji kaunter untuk anda.',
      en: 'Take the vehicle for a PUSPAKOM inspection, then renew the road tax at a JPJ counter. I can book a counter appointment for you.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  VEHICLE_NOT_SUPPORTED_ONLINE: {
    explanation: {
      ms: 'Kadar cukai jalan untuk kenderaan jenis ini tidak dapat dikira dalam talian.',
      en: 'The road tax rate for this type of vehicle cannot be worked out online.',
    },
    wayForward: {
      ms: 'Sila perbaharui di kaunter JPJ, yang akan mengira kadar yang tepat. Saya boleh tempahkan temu janji.',
      en: 'Please renew at a JPJ counter, where the exact rate is worked out. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  LICENCE_VOID: {
    explanation: {
      ms: 'Lesen memandu anda ({licenceType}) tamat tempoh pada {expiredOn} dan telah terbatal kerana tidak diperbaharui dalam tempoh yang dibenarkan (3 tahun bagi CDL, 1 tahun bagi PDL).',
      en: 'Your driving licence ({licenceType}) expired on {expiredOn} and is now void because it was not renewed in time (3 years for a CDL, 1 year for a PDL).',
    },
    wayForward: {
      ms: 'Lesen yang terbatal tidak boleh diperbaharui; proses pelesenan perlu dibuat semula. Sila ke kaunter JPJ untuk nasihat. Saya boleh tempahkan temu janji.',
      en: 'A void licence cannot be renewed; the licensing process has to be done again. Please go to a JPJ counter for advice. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  PROBATIONARY_LICENCE: {
    explanation: {
      ms: 'Anda memegang lesen percubaan (PDL, lesen P). Lesen P tidak diperbaharui dalam talian; selepas tempoh percubaan 2 tahun ia perlu ditukar kepada lesen kompeten (CDL).',
      en: 'You hold a probationary licence (PDL, P licence). A P licence is not renewed online; after the 2-year probation it must be converted to a competent driving licence (CDL).',
    },
    wayForward: {
      ms: 'Tukar PDL kepada CDL di kaunter JPJ. Saya boleh tempahkan temu janji.',
      en: 'Convert the PDL to a CDL at a JPJ counter. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  VOCATIONAL_LICENCE: {
    explanation: {
      ms: 'Lesen vokasional (GDL/PSV) diperbaharui untuk 1 tahun sahaja dan memerlukan laporan perubatan JPJ L8A, jadi ia tidak boleh diperbaharui di sini.',
      en: 'A vocational licence (GDL/PSV) is renewed for 1 year only and needs a JPJ L8A medical report, so it cannot be renewed here.',
    },
    wayForward: {
      ms: 'Dapatkan pemeriksaan perubatan, kemudian perbaharui di kaunter JPJ negeri atau cawangan, UTC atau 1JPJ. Saya boleh tempahkan temu janji.',
      en: 'Get the medical examination, then renew at a JPJ state or branch office, UTC or 1JPJ counter. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  LICENCE_RESTRICTED: {
    explanation: {
      ms: 'Lesen anda mempunyai sekatan ({restriction}), jadi ia tidak boleh diperbaharui dalam talian.',
      en: 'Your licence has a restriction ({restriction}), so it cannot be renewed online.',
    },
    wayForward: {
      ms: 'Selesaikan sekatan itu dengan agensi yang mengenakannya, kemudian perbaharui. Kaunter JPJ boleh menerangkan butirannya; saya boleh tempahkan temu janji.',
      en: 'Clear the restriction with the agency that placed it, then renew. A JPJ counter can explain the details; I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  CHILD_PASSPORT: {
    explanation: {
      ms: 'Pemohon berumur {age} tahun. Pasport kanak-kanak berumur 12 tahun ke bawah tidak boleh diperbaharui dalam talian.',
      en: 'The applicant is {age} years old. A passport for a child aged 12 or under cannot be renewed online.',
    },
    wayForward: {
      ms: 'Bawa kanak-kanak itu bersama ibu bapa atau penjaga ke pejabat Imigresen. Saya boleh tempahkan temu janji kaunter.',
      en: 'Bring the child with a parent or guardian to an Immigration office. I can book a counter appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  FIRST_PASSPORT: {
    explanation: {
      ms: 'Tiada rekod pasport Malaysia untuk anda, jadi ini permohonan pertama. Permohonan pertama mesti dibuat sendiri di pejabat Imigresen.',
      en: 'There is no Malaysian passport on record for you, so this is a first application. A first application must be made in person at an Immigration office.',
    },
    wayForward: {
      ms: 'Datang ke pejabat Imigresen dengan MyKad anda; gambar diambil di kaunter. Saya boleh tempahkan temu janji.',
      en: 'Come to an Immigration office with your MyKad; the photo is taken at the counter. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  NON_CHIP_PASSPORT: {
    explanation: {
      ms: 'Pembaharuan dalam talian hanya untuk pemegang pasport elektronik (bercip). Pasport anda tidak bercip.',
      en: 'Online renewal is only for holders of an electronic (chip) passport. Your passport has no chip.',
    },
    wayForward: {
      ms: 'Perbaharui di pejabat Imigresen. Saya boleh tempahkan temu janji.',
      en: 'Renew at an Immigration office. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  PASSPORT_LOST_OR_DAMAGED: {
    explanation: {
      ms: 'Pasport yang hilang atau rosak tidak boleh diperbaharui dalam talian.',
      en: 'A lost or damaged passport cannot be renewed online.',
    },
    wayForward: {
      ms: 'Untuk pasport hilang, buat laporan polis dan isi borang IM.42C; untuk pasport rosak, borang Imm.71. Kemudian datang ke pejabat Imigresen. Saya boleh tempahkan temu janji.',
      en: 'For a lost passport, make a police report and fill in form IM.42C; for a damaged one, form Imm.71. Then come to an Immigration office. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  CONCESSION_DOCUMENTS_REQUIRED: {
    explanation: {
      ms: 'Kadar konsesi ({concession}) memerlukan dokumen sokongan yang perlu ditunjukkan di kaunter.',
      en: 'The concession rate ({concession}) needs supporting documents that must be shown at a counter.',
    },
    wayForward: {
      ms: 'Bawa dokumen tersebut (surat tawaran pengajian, surat pengesahan Tabung Haji atau kad OKU JKM) ke pejabat Imigresen, atau perbaharui dalam talian pada kadar biasa. Saya boleh tempahkan temu janji.',
      en: 'Bring the document (study offer letter, Tabung Haji confirmation letter or JKM OKU card) to an Immigration office, or renew online at the ordinary rate. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
  PTPTN_BLACKLIST: {
    explanation: {
      ms: 'Anda disekat daripada ke luar negara atas permintaan PTPTN, dan sekatan ini juga menghalang pembaharuan pasport.',
      en: 'You are barred from leaving the country at PTPTN’s request, and this also prevents a passport renewal.',
    },
    wayForward: {
      ms: 'Hubungi PTPTN untuk menyelesaikan pinjaman anda (sekurang-kurangnya 7 hari sebelum perjalanan), kemudian cuba semula.',
      en: 'Contact PTPTN to settle your loan (at least 7 days before travelling), then try again.',
    },
    counterAppointment: false,
    fixableOnline: false,
  },
  SUMMONS_NOT_COMPOUNDABLE: {
    explanation: {
      ms: 'Saman {summonsIds} bukan kesalahan yang boleh dikompaun, jadi ia tidak boleh dibayar dalam talian.',
      en: 'Summons {summonsIds} is not a compoundable offence, so it cannot be paid online.',
    },
    wayForward: {
      ms: 'Kes ini akan dibawa ke mahkamah. Hubungi JPJ untuk maklumat lanjut.',
      en: 'This case goes to court. Contact JPJ for more information.',
    },
    counterAppointment: false,
    fixableOnline: false,
  },
  NOT_ELIGIBLE_ONLINE: {
    explanation: {
      ms: 'Permohonan ini tidak boleh diselesaikan dalam talian.',
      en: 'This application cannot be completed online.',
    },
    wayForward: {
      ms: 'Sila ke kaunter agensi. Saya boleh tempahkan temu janji.',
      en: 'Please go to the agency’s counter. I can book an appointment.',
    },
    counterAppointment: true,
    fixableOnline: false,
  },
};

function params(reason: Reason): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(reason)) {
    if (value === undefined || key === 'code') continue;
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The citizen-facing explanation and way forward for one reason, with its details filled in. */
export function explainReason(reason: Reason): ReasonInfo {
  const info = REASONS[reason.code];
  const values = params(reason);
  const both = (text: Bilingual): Bilingual => ({ ms: fill(text.ms, values), en: fill(text.en, values) });
  return { ...info, explanation: both(info.explanation), wayForward: both(info.wayForward) };
}

/** True when any of the reasons is best handled by booking a counter appointment. */
export function needsCounter(reasons: readonly Reason[]): boolean {
  return reasons.some((r) => REASONS[r.code].counterAppointment);
}
