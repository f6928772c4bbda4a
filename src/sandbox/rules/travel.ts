import type { Bilingual } from '../../i18n/lang';

/**
 * Agencies that can ask JIM to bar a citizen from leaving Malaysia (facts B5), and what the citizen
 * does about it: clear the matter with that agency, then get a departure facilitation letter ("surat
 * kemudahan berlepas") from JIM's Security & Passport Division.
 */
export const RESTRICTING_AGENCIES = ['LHDN', 'PTPTN', 'MDI', 'KWSP', 'JKDM', 'JIM'] as const;
export type RestrictingAgency = (typeof RESTRICTING_AGENCIES)[number];

export const AGENCY_NAMES: Readonly<Record<RestrictingAgency, Bilingual>> = {
  LHDN: { ms: 'Lembaga Hasil Dalam Negeri Malaysia (LHDN)', en: 'Inland Revenue Board of Malaysia (LHDN)' },
  PTPTN: { ms: 'Perbadanan Tabung Pendidikan Tinggi Nasional (PTPTN)', en: 'National Higher Education Fund Corporation (PTPTN)' },
  MDI: { ms: 'Jabatan Insolvensi Malaysia (MdI)', en: 'Malaysian Department of Insolvency (MdI)' },
  KWSP: { ms: 'Kumpulan Wang Simpanan Pekerja (KWSP)', en: 'Employees Provident Fund (KWSP/EPF)' },
  JKDM: { ms: 'Jabatan Kastam Diraja Malaysia (JKDM)', en: 'Royal Malaysian Customs Department (JKDM)' },
  JIM: { ms: 'Jabatan Imigresen Malaysia (JIM)', en: 'Immigration Department of Malaysia (JIM)' },
};

export function whatToDo(agency: RestrictingAgency): Bilingual {
  const name = AGENCY_NAMES[agency];
  return {
    ms: `Hubungi ${name.ms} untuk menyelesaikan perkara yang menyebabkan sekatan. Selepas mendapat pelepasan, dapatkan surat kemudahan berlepas daripada Bahagian Keselamatan dan Pasport, Jabatan Imigresen, sebelum anda ke luar negara.`,
    en: `Contact the ${name.en} to settle the matter behind the restriction. Once it clears you, get a departure facilitation letter ("surat kemudahan berlepas") from the Immigration Department’s Security and Passport Division before you travel.`,
  };
}
