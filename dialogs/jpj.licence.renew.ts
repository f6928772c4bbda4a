import type { AgencyClients } from '../src/agencies';
import type { FlowDefinition } from '../src/flows/definition';
import { formatDate } from '../src/flows/format';
import { refusal } from '../src/flows/refusals';
import { mykadSlot, yearsSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [
    mykadSlot(),
    {
      ...yearsSlot(1, 10, { ms: 'Untuk berapa tahun (1 hingga 10)?', en: 'For how many years (1 to 10)?' }, [1, 2, 3, 5, 10]),
      afterIdentity: true,
    },
  ],
  checks: [
    {
      // Refuse a probationary, vocational or void licence before asking for a period.
      after: 'identity',
      async run({ agencies, identity }) {
        const eligibility = await agencies.jpj.licenceEligibility(identity!.token, identity!.ic);
        if (!eligibility.licence) {
          return {
            kind: 'refused',
            reason: 'NO_LICENCE',
            text: { ms: 'Tiada lesen memandu dalam rekod JPJ untuk MyKad ini.', en: 'There is no driving licence on JPJ record for this MyKad.' },
            next: { kind: 'counter', agency: 'JPJ', purpose: { ms: 'lesen', en: 'licence' } },
          };
        }
        return eligibility.eligible ? undefined : refusal(eligibility.reasons, 'JPJ');
      },
    },
  ],
  async evaluate({ agencies, identity, values }) {
    const years = Number(values.years);
    const eligibility = await agencies.jpj.licenceEligibility(identity!.token, identity!.ic, years);
    if (!eligibility.eligible || !eligibility.quote || !eligibility.licence) return refusal(eligibility.reasons, 'JPJ');
    const { quote, licence } = eligibility;
    const discount = Number(quote.discount) > 0 ? [{ ms: `• Potongan: RM${quote.discount}`, en: `• Discount: RM${quote.discount}` }] : [];
    return {
      kind: 'quote',
      amount: quote.amount,
      description: `Driving licence ${licence.type} ${licence.licenceClass} ${years} year(s)`,
      request: { ic: identity!.ic, token: identity!.token, years },
      text: {
        ms: [
          `Lesen ${licence.type} kelas ${licence.licenceClass}, tamat tempoh ${formatDate(licence.expiry)}:`,
          `• ${years} tahun × RM${quote.yearly} setahun`,
          ...discount.map((line) => line.ms),
          `• Jumlah: RM${quote.amount}`,
          `• Sah hingga: ${formatDate(quote.newExpiry)}`,
        ].join('\n'),
        en: [
          `${licence.type} licence class ${licence.licenceClass}, expiring ${formatDate(licence.expiry)}:`,
          `• ${years} year(s) × RM${quote.yearly} a year`,
          ...discount.map((line) => line.en),
          `• Total: RM${quote.amount}`,
          `• Valid until: ${formatDate(quote.newExpiry)}`,
        ].join('\n'),
      },
    };
  },
  async execute(agencies, { request, paymentId, idempotencyKey }) {
    const renewal = await agencies.jpj.renewLicence(String(request.token), { ic: String(request.ic), years: Number(request.years), paymentId }, idempotencyKey);
    return {
      reference: renewal.reference,
      amount: renewal.amount,
      lines: [
        { label: { ms: 'Kelas', en: 'Class' }, value: renewal.licenceClass },
        { label: { ms: 'Tempoh', en: 'Period' }, value: `${renewal.years}` },
        { label: { ms: 'Sah hingga', en: 'Valid until' }, value: formatDate(renewal.newExpiry) },
      ],
    };
  },
};

/** Driving licence (LMM) renewal, 1–10 years (competent licence). */
export const service: ServiceDefinition = {
  id: 'jpj.licence.renew',
  agency: 'JPJ',
  title: { ms: 'Pembaharuan lesen memandu (LMM)', en: 'Driving licence renewal' },
  flow,
  training: {
    ms: [
      'Saya ingin memperbaharui lesen memandu saya',
      'nak renew lesen',
      'nk renew lesen memandu',
      'sy nak sambung lesen driving',
      'lesen memandu sy dah tamat tempoh',
      'renew lesen kereta 5 tahun',
      'nak renew lesen 10 tahun',
      'perbaharui lesen memandu selama 2 tahun',
      'camne nak renew lesen online',
      'macam mana nak sambung lesen memandu',
      'lesen sy expired, nak renew',
      'lesen nak mati bulan depan, renew skrg',
      'tolong renewkan lesen memandu sy',
      'renew license memandu setahun',
      'bayar pembaharuan lesen memandu',
      'perbaharui LMM',
      'renew lesen D',
      'nak renew lesen motor B2',
      'sambung lesen utk 3 tahun',
      'lesen CDL sy nak kena renew',
      'renew lesen ic 850412105566',
      'saya mahu memperbaharui lesen memandu kelas D',
      'lesen memandu sy dah expire 2 bulan',
      'nak bayar lesen memandu',
      'renew lisen memandu',
      'renw lesen sy boleh?',
      'mohon memperbaharui lesen memandu untuk tempoh lima tahun',
      'lesen p sy nak renew',
      'nk pbaharui lesen',
      'tolong sy renew driving license',
      'lesen kete x renew lagi, nak buat sekarang',
    ],
    en: [
      'I want to renew my driving licence',
      'renew driving license',
      'renew my licence',
      'my driving licence is expiring',
      'renew licence for 5 years',
      'renew my driving license for 10 years',
      'how to renew driving licence online',
      'my license expired, I need to renew',
      'extend my driving licence',
      'renew CDL',
      'renew my class D licence',
      'renew motorcycle licence B2',
      'i need to renew my lesen',
      'pay for driving licence renewal',
      'renew licence 2 years please',
      'can I renew my driving licence here',
      'renew drivers license',
      'renw my driving licence',
      'driving lisence renewal',
      'please renew my driving licence, IC 850412-10-5566',
      'licence renewal for three years',
      'my driving licence expires next month, renew it',
      'renew my LMM',
      'driving licence expired last year, want to renew',
      'renew my competent driving licence',
      'I would like to renew my driver\'s licence for one year',
      'help me renew my license',
      'driving licence renewal',
      'i wanna renew my driving licence for a year',
      'need to renew licence before it lapses',
    ],
  },
};
