import type { MyKad, MyKadInvalidReason, Plate } from '../nlu/entities';
import type { Bilingual } from '../i18n/lang';
import type { Choice, FlowContext, Slot } from './definition';

/** Reusable slots; a service file composes these with its own texts. */

const MYKAD_HINTS: Record<MyKadInvalidReason, Bilingual> = {
  bad_length: {
    ms: 'Nombor MyKad mesti 12 digit, contohnya 850412-10-5566.',
    en: 'A MyKad number has 12 digits, for example 850412-10-5566.',
  },
  impossible_date: {
    ms: 'Enam digit pertama nombor MyKad ialah tarikh lahir (YYMMDD), dan tarikh itu tidak wujud. Sila semak semula.',
    en: 'The first six digits of a MyKad number are the birth date (YYMMDD), and that date does not exist. Please check it.',
  },
  unknown_place_of_birth: {
    ms: 'Digit ke-7 dan ke-8 nombor MyKad ialah kod tempat lahir, dan kod itu tidak sah. Sila semak semula.',
    en: 'Digits 7 and 8 of a MyKad number are the place-of-birth code, and that code is not valid. Please check it.',
  },
};

export function mykadSlot(question: Bilingual = {
  ms: 'Sila berikan nombor MyKad anda (12 digit, contohnya 850412-10-5566).',
  en: 'Please give your MyKad number (12 digits, for example 850412-10-5566).',
}): Slot {
  return {
    name: 'mykad',
    question: () => question,
    read: ({ text, entities }) => {
      const mykad = entities.mykad as MyKad | undefined;
      if (mykad) return { value: mykad.value };
      const invalid = entities.mykadInvalid as MyKadInvalidReason | undefined;
      if (invalid) return { hint: MYKAD_HINTS[invalid] };
      if (/\d{5,}/.test(text)) return { hint: MYKAD_HINTS.bad_length };
      return undefined;
    },
  };
}

export function plateSlot(options: { question: Bilingual; vehicles?: (ctx: FlowContext) => Promise<Choice[]> }): Slot {
  return {
    name: 'plate',
    afterIdentity: Boolean(options.vehicles),
    pickSingleChoice: true,
    question: () => options.question,
    choices: options.vehicles,
    read: ({ text, entities }) => {
      const plate = entities.plate as Plate | undefined;
      if (plate) return { value: plate.value };
      if (text && /[a-z]{1,3}\s*\d/i.test(text)) {
        return {
          hint: {
            ms: 'Format nombor plat tidak dikenali. Contoh: WXY 1234, QAA 1234 atau SAB 1234 A.',
            en: 'I do not recognise that plate format. Examples: WXY 1234, QAA 1234 or SAB 1234 A.',
          },
        };
      }
      return undefined;
    },
  };
}

/** A period in months from a fixed set (road tax: 6 or 12). */
export function monthsSlot(allowed: readonly number[], question: Bilingual): Slot {
  const choices: Choice[] = allowed.map((months) => ({ label: { ms: `${months} bulan`, en: `${months} months` }, value: months }));
  return {
    name: 'months',
    question: () => question,
    choices: async () => choices,
    read: ({ text, entities }) => {
      const months = entities.months as number | undefined;
      if (months !== undefined && allowed.includes(months)) return { value: months };
      const bare = /^\s*(\d{1,2})\s*$/.exec(text)?.[1];
      if (bare && allowed.includes(Number(bare))) return { value: Number(bare) };
      if (months !== undefined || /\d/.test(text)) {
        return { hint: { ms: `Tempoh yang boleh dipilih: ${allowed.join(' atau ')} bulan.`, en: `The periods available are ${allowed.join(' or ')} months.` } };
      }
      return undefined;
    },
  };
}

/** A period in whole years within a range (driving licence: 1–10). */
export function yearsSlot(min: number, max: number, question: Bilingual, suggested: readonly number[]): Slot {
  return {
    name: 'years',
    question: () => question,
    choices: async () => suggested.map((years) => ({ label: { ms: `${years} tahun`, en: `${years} ${years === 1 ? 'year' : 'years'}` }, value: years })),
    read: ({ text, entities }) => {
      const months = entities.months as number | undefined;
      const years = (entities.years as number | undefined) ?? (months !== undefined && months % 12 === 0 ? months / 12 : undefined);
      if (years !== undefined && Number.isInteger(years) && years >= min && years <= max) return { value: years };
      const bare = /^\s*(\d{1,2})\s*$/.exec(text)?.[1];
      if (bare && Number(bare) >= min && Number(bare) <= max) return { value: Number(bare) };
      if (years !== undefined || bare || /\d/.test(text)) {
        return { hint: { ms: `Pilih antara ${min} hingga ${max} tahun.`, en: `Choose between ${min} and ${max} years.` } };
      }
      return undefined;
    },
  };
}

/** A choice among options computed from agency data (after identity), read by number or label. */
export function choiceSlot(name: string, question: Bilingual, choices: (ctx: FlowContext) => Promise<Choice[]>, pickSingleChoice = false): Slot {
  return {
    name,
    afterIdentity: true,
    pickSingleChoice,
    question: () => question,
    choices,
    read: () => undefined,
  };
}
