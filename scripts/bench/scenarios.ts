/**
 * The realistic mix the benchmark offers: greetings, policy questions in both languages, and
 * road-tax renewals of the demo citizens from the first sentence to the payment link (the OTP read
 * from the sandbox's SMS outbox, as the citizen would read their phone).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Step = { say: string } | { otpOf: string };

export interface Session {
  /** policy: a frequently asked pair (answers remembered after the first time); newQuestion: a text not asked before. */
  kind: 'greeting' | 'policy' | 'newQuestion' | 'renewal';
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

/**
 * Questions phrased as citizens phrase them, most of them asked once: the knowledge evaluation set
 * (tests/knowledge/eval/questions.jsonl) with one of many openings and closings, so a run of the
 * benchmark mostly meets texts it has not seen — what a new question costs, not a remembered answer.
 */
const EVAL_QUESTIONS: string[] = readFileSync(join(__dirname, '../../tests/knowledge/eval/questions.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { question: string }).question);
const OPENINGS = ['', 'tolong, ', 'nak tanya, ', 'boleh saya tahu ', 'hi, ', 'excuse me, ', 'quick question: ', 'salam tuan, ', 'sorry to bother, ', 'encik, ', 'assalamualaikum, ', 'hello, '];
const CLOSINGS = ['', ' terima kasih', ' tq', ' please', ' thanks', ' ya', ' ke?', ' thank you very much', ' harap dapat bantu', ' asap', ' boleh?', ' :)'];

/** Every new-question text the mix can offer (for the in-process measurement, scripts/bench/newQuestions.ts). */
export function everyNewQuestion(): string[] {
  return EVAL_QUESTIONS.flatMap((question) => OPENINGS.flatMap((opening) => CLOSINGS.map((closing) => `${opening}${question}${closing}`)));
}

function newQuestion(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return `${pick(OPENINGS)}${pick(EVAL_QUESTIONS)}${pick(CLOSINGS)}`;
}

/** A renewal ends at the payment link. */
export const RENEWAL_END = /\/sandbox\/pay\//;

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

/**
 * Picks the next session: 30% greeting, 20% a frequently asked pair of questions, 20% a pair of new
 * questions, 30% renewal (when a citizen is free).
 */
export function nextSession(random: () => number, renewalFree: (phone: string) => boolean): Session {
  const roll = random();
  if (roll >= 0.7) {
    const start = Math.floor(random() * RENEWALS.length);
    for (let i = 0; i < RENEWALS.length; i += 1) {
      const renewal = RENEWALS[(start + i) % RENEWALS.length]!;
      if (renewalFree(renewal.phone)) return { kind: 'renewal', phone: renewal.phone, steps: [...renewal.steps], expectLast: RENEWAL_END };
    }
    // Both demo citizens are mid-OTP: a pair of questions instead, frequent or new alike.
    return questions(random() < 0.5, random);
  }
  if (roll < 0.3) return { kind: 'greeting', steps: [{ say: GREETINGS[Math.floor(random() * GREETINGS.length)]! }] };
  return questions(roll < 0.5, random);
}

function questions(frequent: boolean, random: () => number): Session {
  if (frequent) {
    const pair = QUESTIONS[Math.floor(random() * QUESTIONS.length)]!;
    return { kind: 'policy', steps: pair.map((say) => ({ say })) };
  }
  return { kind: 'newQuestion', steps: [{ say: newQuestion(random) }, { say: newQuestion(random) }] };
}

export const MEAN_TURNS_PER_SESSION = 0.3 * 1 + 0.4 * 2 + 0.3 * 4;

export const NEW_QUESTION_VARIANTS = EVAL_QUESTIONS.length * OPENINGS.length * CLOSINGS.length;
