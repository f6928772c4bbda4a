import type { AgencyClients } from '../src/agencies';
import type { FlowDefinition } from '../src/flows/definition';
import { joinBilingual } from '../src/flows/format';
import { mykadSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [mykadSlot()],
  async evaluate({ agencies, identity }) {
    const result = await agencies.jim.travelRestrictions(identity!.token, identity!.ic);
    if (!result.restricted) {
      return {
        kind: 'answer',
        text: {
          ms: 'Tiada sekatan perjalanan atas nama anda dalam rekod Imigresen. Pastikan pasport anda sah sekurang-kurangnya 6 bulan sebelum ke luar negara.',
          en: 'There is no travel restriction under your name in the Immigration record. Make sure your passport is valid for at least 6 months before you travel abroad.',
        },
      };
    }
    return {
      kind: 'answer',
      text: joinBilingual([
        { ms: 'Ada sekatan perjalanan ke luar negara atas nama anda:', en: 'There is a restriction on you leaving the country:' },
        ...result.restrictions.map((restriction) => ({
          ms: `• Dimohon oleh ${restriction.agencyName.ms}. ${restriction.whatToDo.ms}`,
          en: `• Requested by ${restriction.agencyName.en}. ${restriction.whatToDo.en}`,
        })),
        {
          ms: 'Imigresen tidak boleh menarik balik sekatan ini sendiri; selepas agensi tersebut memberi pelepasan, anda boleh memohon surat kemudahan berlepas daripada Imigresen.',
          en: 'Immigration cannot lift this restriction on its own; once that agency clears you, you can ask Immigration for a departure facilitation letter.',
        },
      ]),
    };
  },
};

/** Travel restriction (sekatan perjalanan) check, naming the requesting agency. */
export const service: ServiceDefinition = {
  id: 'jim.travel.check',
  agency: 'JIM',
  title: { ms: 'Semakan sekatan perjalanan', en: 'Travel restriction check' },
  flow,
  training: {
    ms: [
      'Saya ingin menyemak status sekatan perjalanan saya',
      'semak sekatan perjalanan',
      'check blacklist imigresen',
      'nak check boleh keluar negara x',
      'sy kena sekat ke nak ke luar negara',
      'adakah saya disekat daripada ke luar negara',
      'semak senarai hitam imigresen',
      'nk tgk sy blacklist ke tak',
      'sy boleh travel x',
      'check halangan perjalanan',
      'sy ada hutang ptptn, boleh keluar negara tak',
      'semak status halangan ke luar negara',
      'boleh tak sy pergi oversea',
      'check ic sy kena blacklist imigresen',
      'nak semak sekatan ke luar negara ic 990101-14-5673',
      'sy kena halang kat airport ke nanti',
      'lhdn sekat sy ke',
      'semak larangan keluar negara',
      'nk check travel ban',
      'boleh ke sy fly ke luar negara',
      'status sekatan perjalanan',
      'semakan kemudahan berlepas',
      'nak pastikan sy x disenarai hitam sebelum travel',
      'tolong check sy boleh pergi singapore x',
      'saya disekat imigresen ke?',
      'semak sekatan imigresen',
      'adakah nama saya dalam senarai tidak dibenarkan keluar',
    ],
    en: [
      'I want to check if I have a travel restriction',
      'check travel restriction',
      'am I blacklisted by immigration',
      'can I travel overseas',
      'check if I am allowed to leave the country',
      'travel ban check',
      'am I barred from leaving Malaysia',
      'check immigration blacklist',
      'is there a travel restriction on my IC',
      'check my travel status IC 990101-14-5673',
      'can I go abroad, I owe PTPTN',
      'am I blocked from travelling',
      'check if LHDN blocked my travel',
      'will I be stopped at the airport',
      'check blacklist',
      'travel restriction status',
      'am I allowed to fly out',
      'check whether I can leave the country',
      'do I have a travel ban',
      'immigration blacklist check please',
      'check my travel restriction before my trip',
      'i want to make sure im not blacklisted before travelling',
      'check if i can travel to singapore',
      'is my name on the suspected list',
      'travel restriction check',
      'check exit ban',
      'am i restricted from travelling abroad',
    ],
  },
};
