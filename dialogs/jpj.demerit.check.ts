import type { AgencyClients } from '../src/agencies';
import type { FlowDefinition } from '../src/flows/definition';
import { mykadSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const STAGE = {
  NONE: { ms: 'Tiada tindakan — anda bebas daripada penalti KEJARA.', en: 'No action — you are clear of KEJARA penalties.' },
  WARNING: { ms: 'Peringkat amaran.', en: 'Warning stage.' },
  SUSPENSION_1: { ms: 'Peringkat penggantungan lesen kali pertama.', en: 'First licence-suspension stage.' },
  SUSPENSION_2: { ms: 'Peringkat penggantungan lesen kali kedua.', en: 'Second licence-suspension stage.' },
  SUSPENSION_3: { ms: 'Peringkat penggantungan lesen kali ketiga.', en: 'Third licence-suspension stage.' },
  SUSPENSION_FURTHER: { ms: 'Peringkat penggantungan lesen seterusnya.', en: 'Further licence-suspension stage.' },
  PDL_REVOKED: { ms: 'Lesen percubaan (P) dibatalkan pada 20 mata atau lebih.', en: 'A probationary (P) licence is revoked at 20 points or more.' },
} as const;

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [mykadSlot()],
  async evaluate({ agencies, identity }) {
    const standing = await agencies.jpj.demerit(identity!.token, identity!.ic);
    const stage = STAGE[standing.stage];
    const next =
      standing.pointsToNextStage !== null
        ? { ms: `Lagi ${standing.pointsToNextStage} mata ke peringkat seterusnya.`, en: `${standing.pointsToNextStage} more points to the next stage.` }
        : { ms: '', en: '' };
    const suspension = standing.suspensionMonths
      ? { ms: ` Penggantungan: ${standing.suspensionMonths.min}–${standing.suspensionMonths.max} bulan.`, en: ` Suspension: ${standing.suspensionMonths.min}–${standing.suspensionMonths.max} months.` }
      : { ms: '', en: '' };
    return {
      kind: 'answer',
      text: {
        ms: `Mata demerit KEJARA anda: ${standing.points}. ${stage.ms}${suspension.ms} ${next.ms}\nMata direkodkan apabila kompaun dibayar. Sumber: JPJ (KEJARA).`.replace(/ +\n/, '\n').trim(),
        en: `Your KEJARA demerit points: ${standing.points}. ${stage.en}${suspension.en} ${next.en}\nPoints are recorded when a compound is paid. Source: JPJ (KEJARA).`.replace(/ +\n/, '\n').trim(),
      },
    };
  },
};

/** KEJARA demerit points check, with the citizen's position on the penalty ladder. */
export const service: ServiceDefinition = {
  id: 'jpj.demerit.check',
  agency: 'JPJ',
  title: { ms: 'Semak mata demerit KEJARA', en: 'Check KEJARA demerit points' },
  flow,
  training: {
    ms: [
      'Saya ingin menyemak mata demerit saya',
      'semak demerit',
      'check mata demerit',
      'nak check kejara',
      'nk tgk mata kejara sy',
      'berapa mata demerit sy sekarang',
      'semak mata KEJARA',
      'mata demerit aku dah berapa',
      'sy dah kena berapa point demerit',
      'check point kejara ic 990101145673',
      'nak tahu mata demerit lesen sy',
      'lesen sy dekat nak kena gantung ke',
      'semakan sistem demerit kejara',
      'tolong semak kejara saya',
      'mata demerit lesen memandu',
      'cek demerit',
      'berapa point kejara saya ada',
      'semak rekod demerit',
      'adakah lesen saya hampir digantung',
      'kejara sy brp',
      'nk semak demerit point',
      'check kejara point boleh?',
      'mata kejara sy dah penuh ke',
      'semak status kejara lesen memandu',
      'sy nak tau point demerit',
      'berapa mata saya dalam sistem KEJARA',
      'semak demerit utk ic 850412-10-5566',
      'demerit point saya',
    ],
    en: [
      'I want to check my demerit points',
      'check demerit points',
      'check my KEJARA points',
      'how many demerit points do I have',
      'kejara check',
      'demerit point check',
      'show my demerit points',
      'am I close to a licence suspension',
      'how many points on my licence',
      'check kejara for IC 990101-14-5673',
      'my demerit points please',
      'what is my kejara status',
      'how close am I to getting my licence suspended',
      'check points on my driving licence',
      'demerit points',
      'check my demerits',
      'how many kejara points do i have now',
      'penalty points on my licence',
      'view my demerit record',
      'is my licence going to be suspended',
      'chek demerit point',
      'kejara points for my license',
      'tell me my demerit points',
      'look up my KEJARA record',
      'how many demerit points left before suspension',
      'check my driving record points',
      'do I have any demerit points',
      'demerit status',
    ],
  },
};
