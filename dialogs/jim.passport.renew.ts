import type { AgencyClients } from '../src/agencies';
import type { FlowDefinition } from '../src/flows/definition';
import { formatDate, formatDateTime } from '../src/flows/format';
import { refusal } from '../src/flows/refusals';
import { choiceSlot, mykadSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const CATEGORY = {
  STANDARD: { ms: 'biasa (13–59 tahun)', en: 'standard (13–59 years)' },
  SENIOR: { ms: 'warga emas (60 tahun ke atas)', en: 'senior citizen (60 and over)' },
  CHILD: { ms: 'kanak-kanak (12 tahun ke bawah)', en: 'child (12 and under)' },
  STUDENT_ABROAD: { ms: 'pelajar di luar negara', en: 'student abroad' },
  HAJJ: { ms: 'jemaah haji', en: 'Hajj pilgrim' },
  OKU: { ms: 'OKU', en: 'person with disability (OKU)' },
} as const;

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [
    mykadSlot(),
    choiceSlot('officeId', { ms: 'Di pejabat Imigresen mana anda mahu mengambil pasport?', en: 'At which Immigration office would you like to collect the passport?' }, async ({ agencies }) =>
      (await (agencies as AgencyClients).jim.collectionOffices()).map((office) => ({ label: { ms: office.name, en: office.name }, value: office.id })),
    ),
  ],
  checks: [
    {
      // Children, first applications, lost or damaged passports go to a counter: say so before asking more.
      after: 'identity',
      async run({ agencies, identity }) {
        const eligibility = await agencies.jim.passportEligibility(identity!.token, identity!.ic);
        if (eligibility.eligible) return undefined;
        return refusal(eligibility.reasons, 'JIM', [
          { ms: `Kategori: ${CATEGORY[eligibility.category].ms}, fi RM${eligibility.fee}.`, en: `Category: ${CATEGORY[eligibility.category].en}, fee RM${eligibility.fee}.` },
        ]);
      },
    },
  ],
  async evaluate({ agencies, identity, values }) {
    const [eligibility, offices] = await Promise.all([
      agencies.jim.passportEligibility(identity!.token, identity!.ic),
      agencies.jim.collectionOffices(),
    ]);
    if (!eligibility.eligible) return refusal(eligibility.reasons, 'JIM');
    const office = offices.find((candidate) => candidate.id === values.officeId);
    const category = CATEGORY[eligibility.category];
    const expiry = eligibility.passport ? formatDate(eligibility.passport.expiry) : '-';
    return {
      kind: 'quote',
      amount: eligibility.fee,
      description: `Passport renewal (${eligibility.category})`,
      request: { ic: identity!.ic, token: identity!.token, officeId: String(values.officeId) },
      text: {
        ms: [
          `Pembaharuan pasport (sah 5 tahun), pasport semasa tamat ${expiry}:`,
          `• Kategori: ${category.ms}`,
          `• Fi: RM${eligibility.fee}`,
          `• Ambil di: ${office?.name ?? values.officeId}`,
          'Bawa resit, MyKad dan pasport lama semasa mengambil pasport baharu.',
        ].join('\n'),
        en: [
          `Passport renewal (valid 5 years), current passport expires ${expiry}:`,
          `• Category: ${category.en}`,
          `• Fee: RM${eligibility.fee}`,
          `• Collect at: ${office?.name ?? values.officeId}`,
          'Bring the receipt, your MyKad and the old passport when you collect the new one.',
        ].join('\n'),
      },
    };
  },
  async execute(agencies, { request, paymentId, idempotencyKey }) {
    const application = await agencies.jim.renewPassport(String(request.token), { ic: String(request.ic), collectionOfficeId: String(request.officeId), paymentId }, idempotencyKey);
    return {
      reference: application.applicationId,
      amount: application.amount,
      lines: [
        { label: { ms: 'Pejabat pengambilan', en: 'Collection office' }, value: application.collectionOffice.name },
        { label: { ms: 'Sedia untuk diambil', en: 'Ready for collection' }, value: formatDateTime(application.readyAt) },
      ],
    };
  },
};

/** Malaysian international passport renewal online (13+, chip passport in good condition). */
export const service: ServiceDefinition = {
  id: 'jim.passport.renew',
  agency: 'JIM',
  title: { ms: 'Pembaharuan pasport', en: 'Passport renewal' },
  flow,
  training: {
    ms: [
      'Saya ingin memperbaharui pasport saya',
      'nak renew passport',
      'nk renew pasport',
      'sy nak perbaharui pasport',
      'pasport sy nak expired, nak renew',
      'pasport dah tamat tempoh, nak sambung',
      'renew pasport online',
      'camne nak renew passport online',
      'macam mana nak perbaharui pasport',
      'tolong renew pasport sy',
      'renew pasport A12345678',
      'nak buat pasport baru sbb yg lama dah nak habis',
      'pasport sy tinggal 3 bulan, nak renew',
      'perbaharui pasport anak saya',
      'nak renew passport mak sy',
      'pembaharuan pasport antarabangsa',
      'renew pasport utk pergi umrah',
      'sambung pasport',
      'pasport dah mati, nk renew',
      'renew pspot',
      'nak mohon pembaharuan pasport secara dalam talian',
      'renew pasport ic 850412-10-5566',
      'bayar pembaharuan pasport',
      'pasport expired bulan lepas nak renew',
      'saya mahu memperbaharui pasport malaysia saya',
      'renew passport boleh buat sini?',
      'nak tukar pasport baru',
      'pasport sy nak renew, ambil kat pejabat imigresen putrajaya',
      'renewkan passport sy',
      'sy warga emas nak renew pasport',
      'nk pbaharui pasport',
    ],
    en: [
      'I want to renew my passport',
      'renew passport',
      'renew my passport online',
      'my passport is expiring, I need to renew it',
      'passport renewal',
      'how do I renew my passport online',
      'my passport expired, want to renew',
      'can I renew my passport here',
      'renew passport A12345678',
      'renew my malaysian passport',
      'help me renew my passport',
      'I need a new passport, the old one expires soon',
      'renew my child\'s passport',
      'renew my mother\'s passport',
      'renew pasport',
      'renw my passport pls',
      'passport renew online',
      'extend my passport',
      'my passport has 3 months left, renew it',
      'apply for passport renewal',
      'renew passport before my trip',
      'renew my passport, IC 850412-10-5566',
      'I would like to renew my international passport',
      'pay for my passport renewal',
      'i wanna renew my passport and collect in Putrajaya',
      'passport expired last year, renew',
      'get my passport renewed',
      'renew passport for senior citizen',
      'renewal of passport',
      'need to renew passport',
    ],
  },
};
