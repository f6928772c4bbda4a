/**
 * The realistic mix the benchmark offers: greetings, policy questions in both languages, and
 * road-tax renewals of the demo citizens from the first sentence to the payment link (the OTP read
 * from the sandbox's SMS outbox, as the citizen would read their phone).
 */

export type Step = { say: string } | { otpOf: string };

export interface Session {
  kind: 'greeting' | 'policy' | 'renewal';
  steps: Step[];
  /** Renewal: whose phone the OTP goes to (at most one OTP exchange per citizen at a time). */
  phone?: string;
  /** Renewal: the last reply must carry this (the payment link). */
  expectLast?: RegExp;
}

const GREETINGS = ['hai', 'hello', 'assalamualaikum', 'selamat pagi', 'hi there', 'helo, boleh tolong?'];

const QUESTIONS: string[][] = [
  ['berapa harga roadtax 1800cc', 'kalau kereta 1500cc pula?'],
  ['passport fee for seniors', 'what documents do I need to renew my passport?'],
  ['saman boleh dapat diskaun ke?', 'bila saman disenarai hitam?'],
  ['how much is a driving licence renewal per year?', 'can I renew road tax for 6 months?'],
  ['lesen memandu mati lebih 3 tahun macam mana?', 'perlu pergi kaunter ke?'],
  ['berapa lama proses pasport?', 'boleh ambil pasport di pejabat lain?'],
];

export const RENEWALS = [
  {
    phone: '+60123456789',
    steps: [{ say: 'nak renew roadtax WXY 1234, ic 850412-10-5566' }, { otpOf: '+60123456789' }, { say: '12 bulan' }, { say: 'ya' }],
  },
  {
    phone: '+60168889999',
    steps: [{ say: 'renew road tax QAB 5678, my IC is 780920-13-5208' }, { otpOf: '+60168889999' }, { say: '12 months' }, { say: 'yes' }],
  },
] as const;

/** Picks the next session: 30% greeting, 40% policy questions, 30% renewal (when a citizen is free). */
export function nextSession(random: () => number, renewalFree: (phone: string) => boolean): Session {
  const roll = random();
  if (roll >= 0.7) {
    const start = Math.floor(random() * RENEWALS.length);
    for (let i = 0; i < RENEWALS.length; i += 1) {
      const renewal = RENEWALS[(start + i) % RENEWALS.length]!;
      if (renewalFree(renewal.phone)) return { kind: 'renewal', phone: renewal.phone, steps: [...renewal.steps], expectLast: /\/sandbox\/pay\// };
    }
  }
  if (roll < 0.3) return { kind: 'greeting', steps: [{ say: GREETINGS[Math.floor(random() * GREETINGS.length)]! }] };
  const pair = QUESTIONS[Math.floor(random() * QUESTIONS.length)]!;
  return { kind: 'policy', steps: pair.map((say) => ({ say })) };
}

export const MEAN_TURNS_PER_SESSION = 0.3 * 1 + 0.4 * 2 + 0.3 * 4;
