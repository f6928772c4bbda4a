import type { AgencyClients } from '../src/agencies';
import { AgencyRefusedError } from '../src/agencies/errors';
import type { FlowDefinition } from '../src/flows/definition';
import { formatDate } from '../src/flows/format';
import { refusal } from '../src/flows/refusals';
import { monthsSlot, mykadSlot, plateSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const ZONE = {
  PENINSULAR: { ms: 'Semenanjung', en: 'Peninsular' },
  SABAH_SARAWAK: { ms: 'Sabah/Sarawak', en: 'Sabah/Sarawak' },
  LABUAN: { ms: 'Labuan', en: 'Labuan' },
  LANGKAWI_PANGKOR: { ms: 'Langkawi/Pangkor', en: 'Langkawi/Pangkor' },
} as const;

type Eligibility = Awaited<ReturnType<AgencyClients['jpj']['roadTaxEligibility']>>;

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [
    mykadSlot(),
    plateSlot({
      question: { ms: 'Kenderaan yang mana? Pilih atau taip nombor plat.', en: 'Which vehicle? Pick one or type the plate number.' },
      vehicles: async ({ agencies, identity }) =>
        (await (agencies as AgencyClients).jpj.listVehicles(identity!.token, identity!.ic)).map((vehicle) => ({
          label: { ms: `${vehicle.plate} — ${vehicle.make} ${vehicle.model}`, en: `${vehicle.plate} — ${vehicle.make} ${vehicle.model}` },
          value: vehicle.plate,
        })),
    }),
    { ...monthsSlot([6, 12], { ms: 'Untuk tempoh berapa lama: 6 atau 12 bulan?', en: 'For how long: 6 or 12 months?' }), afterIdentity: true },
  ],
  checks: [
    {
      // As soon as the vehicle is known: can it be renewed online at all? Refuse before asking more.
      after: 'plate',
      async run(ctx) {
        const { agencies, identity, values } = ctx;
        let eligibility: Eligibility;
        try {
          eligibility = await agencies.jpj.roadTaxEligibility(identity!.token, identity!.ic, String(values.plate));
        } catch (err) {
          if (err instanceof AgencyRefusedError && (err.status === 404 || err.code === 'VEHICLE_NOT_FOUND')) {
            return {
              kind: 'reask',
              slot: 'plate',
              text: {
                ms: `Saya tidak menemui kenderaan ${String(values.plate)} yang berdaftar dengan MyKad anda.`,
                en: `I could not find a vehicle ${String(values.plate)} registered to your MyKad.`,
              },
            };
          }
          throw err;
        }
        if (eligibility.eligible) return undefined;
        const twelve = eligibility.quotes.find((quote) => quote.months === 12);
        const wouldCost = twelve
          ? [{ ms: `Untuk makluman, cukai jalan 12 bulan bagi kenderaan ini ialah RM${twelve.amount}.`, en: `For your information, 12 months of road tax for this vehicle is RM${twelve.amount}.` }]
          : [];
        return refusal(eligibility.reasons, 'JPJ', wouldCost);
      },
    },
  ],
  async evaluate({ agencies, identity, values }) {
    const plate = String(values.plate);
    const months = Number(values.months) as 6 | 12;
    const [vehicle, eligibility] = await Promise.all([
      agencies.jpj.getVehicle(identity!.token, identity!.ic, plate),
      agencies.jpj.roadTaxEligibility(identity!.token, identity!.ic, plate),
    ]);
    if (!eligibility.eligible) return refusal(eligibility.reasons, 'JPJ');
    const quote = eligibility.quotes.find((candidate) => candidate.months === months)!;
    const zone = ZONE[vehicle.zone];
    const rate =
      quote.ccAboveFloor > 0
        ? { ms: `kadar asas RM${quote.base} + RM${quote.perCc} × ${quote.ccAboveFloor} cc = RM${quote.annual} setahun`, en: `base RM${quote.base} + RM${quote.perCc} × ${quote.ccAboveFloor} cc = RM${quote.annual} a year` }
        : { ms: `kadar tetap RM${quote.annual} setahun`, en: `flat rate RM${quote.annual} a year` };
    return {
      kind: 'quote',
      amount: quote.amount,
      description: `Road tax ${plate} ${months} months`,
      request: { ic: identity!.ic, token: identity!.token, plate, months },
      text: {
        ms: [
          `Cukai jalan ${plate} (${vehicle.make} ${vehicle.model}, ${vehicle.engineCc} cc, ${zone.ms}):`,
          `• ${months} bulan: RM${quote.amount} (${rate.ms})`,
          `• Tamat tempoh sekarang: ${formatDate(eligibility.currentExpiry)}`,
          '• LKM digital — boleh dilihat dalam aplikasi MyJPJ.',
        ].join('\n'),
        en: [
          `Road tax for ${plate} (${vehicle.make} ${vehicle.model}, ${vehicle.engineCc} cc, ${zone.en}):`,
          `• ${months} months: RM${quote.amount} (${rate.en})`,
          `• Current expiry: ${formatDate(eligibility.currentExpiry)}`,
          '• Digital LKM — visible in the MyJPJ app.',
        ].join('\n'),
      },
    };
  },
  async execute(agencies, { request, paymentId, idempotencyKey }) {
    const renewal = await agencies.jpj.renewRoadTax(
      String(request.token),
      { ic: String(request.ic), plate: String(request.plate), months: Number(request.months) as 6 | 12, paymentId },
      idempotencyKey,
    );
    return {
      reference: renewal.reference,
      amount: renewal.amount,
      lines: [
        { label: { ms: 'Kenderaan', en: 'Vehicle' }, value: renewal.plate },
        { label: { ms: 'Sah dari', en: 'Valid from' }, value: formatDate(renewal.validFrom) },
        { label: { ms: 'Sah hingga', en: 'Valid until' }, value: formatDate(renewal.validTo) },
      ],
    };
  },
};

/** Road tax (LKM — Lesen Kenderaan Motor) renewal, 6 or 12 months, digital LKM. */
export const service: ServiceDefinition = {
  id: 'jpj.roadtax.renew',
  agency: 'JPJ',
  title: { ms: 'Pembaharuan cukai jalan (LKM)', en: 'Road tax (LKM) renewal' },
  flow,
  training: {
    ms: [
      'Saya ingin memperbaharui cukai jalan kenderaan saya',
      'nak renew roadtax',
      'nk renew road tax kete sy',
      'sy nak bayar cukai jalan kereta',
      'tolong renew roadtax WXY 1234',
      'renew road tax kereta sy boleh?',
      'camne nak renew roadtax online',
      'macam mana nak perbaharui cukai jalan',
      'cukai jalan sy dah tamat, nak sambung',
      'roadtax dah expired nak renew',
      'nak perbaharui LKM untuk 12 bulan',
      'renew roadtax 6 bulan',
      'bayar roadtax motor sy',
      'sambung roadtax kete',
      'perbaharui lesen kenderaan motor',
      'nak renew rodtax keta',
      'renew roadtx plat PKE 8812',
      'saya mahu membayar cukai jalan untuk kenderaan QAB 5678',
      'roadtax kereta sy nak habis, nak renew sekarang',
      'boleh tolong sy renewkan road tax?',
      'nak buat roadtax baru utk kereta myvi',
      'saya nak renew cukai jalan setahun, ic 850412-10-5566',
      'cukai jalan BKL 2231 dah mati, nak renew',
      'sy nk perbaharui roadtax kenderaan sy utk setahun',
      'renew LKM digital',
      'nak bayar road tax',
      'mohon perbaharui cukai jalan kereta saya',
      'perbaharui roadtax',
      'roadtax tamat minggu depan, nak renew awal',
      'x sempat renew roadtax, boleh buat sini?',
      'renewkan cukai jalan kereta ayah sy',
      'tlg renew roadtax wxy1234',
      'saya hendak memperbaharui LKM kenderaan saya selama enam bulan',
    ],
    en: [
      'I want to renew my road tax',
      'renew road tax',
      'renew my roadtax please',
      'I need to renew the road tax for my car',
      'how do I renew my road tax online',
      'pay road tax for WXY 1234',
      'my road tax expired, I want to renew it',
      'renew roadtax for 12 months',
      'renew road tax 6 months for PKE 8812',
      'can you renew my car road tax',
      'road tax renewal',
      'i wanna renew my roadtax',
      'renew motor vehicle licence',
      'renew LKM for my car',
      'help me pay my road tax',
      'my roadtax is expiring next week, can I renew now',
      'renew rod tax',
      'renw my road tax',
      'I would like to renew the road tax of vehicle QAB 5678',
      'road tax renew for one year, IC 850412-10-5566',
      'get a digital road tax for my car',
      'renew my motorcycle road tax',
      'extend my road tax',
      'road tax expired last month need to renew',
      'can I renew roadtax here',
      'please renew road tax for my myvi',
      'i need new road tax for my car',
      'renew my vehicle licence for six months',
      'pay roadtax online',
      'roadtax renewal for BKL2231',
    ],
  },
};
