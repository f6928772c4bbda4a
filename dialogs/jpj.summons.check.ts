import type { AgencyClients } from '../src/agencies';
import type { FlowContext, FlowDefinition } from '../src/flows/definition';
import { formatDate, joinBilingual } from '../src/flows/format';
import { choiceSlot, mykadSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

type Summons = Awaited<ReturnType<AgencyClients['jpj']['listSummonses']>>['summonses'][number];

const STAGE = {
  EARLY_50: { ms: 'diskaun 50% (dalam 15 hari)', en: '50% off (within 15 days)' },
  EARLY_33: { ms: 'diskaun 33% (dalam 30 hari)', en: '33% off (within 30 days)' },
  FULL: { ms: 'kadar penuh', en: 'full rate' },
  BLACKLISTED: { ms: 'kadar penuh — lebih 60 hari, disenarai hitam', en: 'full rate — over 60 days, blacklisted' },
} as const;

async function unpaid({ agencies, identity }: FlowContext): Promise<Summons[]> {
  const list = await (agencies as AgencyClients).jpj.listSummonses(identity!.token, identity!.ic);
  return list.summonses.filter((summons) => summons.status === 'UNPAID');
}

function describe(summons: Summons) {
  return {
    ms: `${summons.id}: ${summons.offence.ms}, ${formatDate(summons.offenceDate)}${summons.plate ? `, ${summons.plate}` : ''} — kompaun RM${summons.compound}, perlu dibayar hari ini RM${summons.amountDue} (${STAGE[summons.stage].ms})`,
    en: `${summons.id}: ${summons.offence.en}, ${formatDate(summons.offenceDate)}${summons.plate ? `, ${summons.plate}` : ''} — compound RM${summons.compound}, due today RM${summons.amountDue} (${STAGE[summons.stage].en})`,
  };
}

const toSen = (ringgit: string) => Math.round(Number(ringgit) * 100);
const toRinggit = (sen: number) => `${Math.floor(sen / 100)}.${String(sen % 100).padStart(2, '0')}`;

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [
    mykadSlot(),
    choiceSlot(
      'summonsIds',
      { ms: 'Saman yang mana mahu dibayar?', en: 'Which summonses would you like to pay?' },
      async (ctx) => {
        const payable = (await unpaid(ctx)).filter((summons) => summons.payableOnline);
        const each = payable.map((summons) => ({
          label: { ms: `${summons.id} — RM${summons.amountDue}`, en: `${summons.id} — RM${summons.amountDue}` },
          value: [summons.id],
        }));
        if (payable.length < 2) return each;
        const total = toRinggit(payable.reduce((sum, summons) => sum + toSen(summons.amountDue), 0));
        return [{ label: { ms: `Semua — RM${total}`, en: `All — RM${total}` }, value: payable.map((summons) => summons.id) }, ...each];
      },
      true,
    ),
  ],
  checks: [
    {
      // Right after verification: show what is outstanding; nothing to pay ends the check here.
      after: 'identity',
      async run(ctx) {
        const summonses = await unpaid(ctx);
        if (!summonses.length) {
          return { kind: 'answer', text: { ms: 'Tiada saman JPJ tertunggak atas nama anda. 👍', en: 'You have no outstanding JPJ summonses. 👍' } };
        }
        if (ctx.values.summonsIds) return undefined; // chosen already (a renewal sent us here for a blocking summons)
        const notOnline = summonses.filter((summons) => !summons.payableOnline);
        const lines = joinBilingual([
          { ms: `Anda ada ${summonses.length} saman tertunggak:`, en: `You have ${summonses.length} outstanding summons(es):` },
          ...summonses.map(describe),
          ...(notOnline.length
            ? [{ ms: `Saman ${notOnline.map((s) => s.id).join(', ')} tidak boleh dibayar dalam talian — sila ke kaunter JPJ.`, en: `Summons ${notOnline.map((s) => s.id).join(', ')} cannot be paid online — please visit a JPJ counter.` }]
            : []),
        ]);
        if (notOnline.length === summonses.length) {
          return { kind: 'refused', reason: 'SUMMONS_NOT_COMPOUNDABLE', text: lines, next: { kind: 'counter', agency: 'JPJ', purpose: { ms: 'saman', en: 'summons' } } };
        }
        return { kind: 'note', text: lines };
      },
    },
  ],
  async evaluate(ctx) {
    const wanted = new Set(ctx.values.summonsIds as string[]);
    const chosen = (await unpaid(ctx)).filter((summons) => wanted.has(summons.id) && summons.payableOnline);
    if (!chosen.length) return { kind: 'answer', text: { ms: 'Saman itu sudah dibayar atau tidak lagi tertunggak.', en: 'That summons is already paid or no longer outstanding.' } };
    const total = toRinggit(chosen.reduce((sum, summons) => sum + toSen(summons.amountDue), 0));
    const breakdown = joinBilingual([
      { ms: 'Bayaran:', en: 'Payment:' },
      ...chosen.map(describe),
      { ms: `Jumlah: RM${total}`, en: `Total: RM${total}` },
    ]);
    return {
      kind: 'quote',
      amount: total,
      description: `JPJ summons ${chosen.map((summons) => summons.id).join(', ')}`,
      request: { ic: ctx.identity!.ic, token: ctx.identity!.token, summonsIds: chosen.map((summons) => summons.id) },
      text: breakdown,
    };
  },
  async execute(agencies, { request, paymentId, idempotencyKey }) {
    const paid = await agencies.jpj.paySummonses(
      String(request.token),
      { ic: String(request.ic), summonsIds: request.summonsIds as string[], paymentId },
      idempotencyKey,
    );
    return {
      reference: paid.reference,
      amount: paid.amount,
      lines: [
        { label: { ms: 'Saman dibayar', en: 'Summonses paid' }, value: paid.summonsIds.join(', ') },
        ...(paid.blacklistLifted.length
          ? [{ label: { ms: 'Senarai hitam ditarik balik', en: 'Blacklist lifted' }, value: paid.blacklistLifted.join(', ') }]
          : []),
      ],
    };
  },
};

/** Check traffic summonses (saman) by MyKad or plate, and pay them. */
export const service: ServiceDefinition = {
  id: 'jpj.summons.check',
  agency: 'JPJ',
  title: { ms: 'Semak dan bayar saman', en: 'Check and pay summonses' },
  flow,
  training: {
    ms: [
      'Saya ingin menyemak saman trafik saya',
      'semak saman',
      'check saman jpj',
      'nak check saman',
      'nk tgk ada saman x',
      'sy ada saman ke?',
      'ada saman tak kereta sy',
      'nak bayar saman',
      'bayar saman jpj',
      'tolong semak saman PKE 8812',
      'semak saman ikut ic 620815075511',
      'camne nak bayar saman online',
      'saman sy berapa banyak',
      'nak settle saman',
      'check summon kereta',
      'sy kena saman laju, nak bayar',
      'bayar saman ekor',
      'semak saman kenderaan BKL 2231',
      'ada saman tertunggak ke atas nama saya?',
      'nak langsaikan saman supaya boleh renew roadtax',
      'saman aku ada brape',
      'tengok saman',
      'sy nak bayar saman dgn diskaun',
      'semakan saman trafik',
      'check saman sy boleh?',
      'bayar kompaun jpj',
      'nak jelaskan saman yang belum bayar',
      'kereta kena blacklist sebab saman, nak bayar',
      'semak sman',
      'nak tahu ada saman x',
      'bayar semua saman sy',
    ],
    en: [
      'I want to check my traffic summons',
      'check summons',
      'check my summons',
      'do I have any summons',
      'pay my summons',
      'pay traffic fine',
      'how do I pay my JPJ summons online',
      'check saman for PKE 8812',
      'any outstanding summons on my IC',
      'check summons by IC 620815-07-5511',
      'I got a speeding ticket, want to pay',
      'pay saman',
      'settle my summons',
      'how many summonses do I have',
      'check fines on my car',
      'pay all my summonses',
      'check my traffic tickets',
      'my car is blacklisted because of a summons, I want to pay it',
      'pay compound',
      'check if my vehicle has any summons',
      'summon check',
      'chek my summons pls',
      'pay my outstanding fines',
      'i want to pay the summons with the discount',
      'view my summons',
      'are there any unpaid fines for BKL 2231',
      'clear my summons so I can renew road tax',
      'check JPJ fines',
      'summons payment',
      'lookup my traffic summons',
    ],
  },
};
