import type { Bilingual, Lang } from '../i18n/lang';
import type { Receipt } from './transactions';
import type { ServiceId } from './types';

/** What a slot reader sees of the citizen's message. */
export interface SlotInput {
  text: string;
  /** Details the NLU found in this message (mykad, plate, months, years, yesNo, …). */
  entities: Record<string, unknown>;
  lang: Lang;
}

export type SlotRead = { value: unknown } | { hint: Bilingual } | undefined;

export interface Choice {
  label: Bilingual;
  value: unknown;
}

/** One detail a service needs. Asked in order, unless the citizen already gave it. */
export interface Slot {
  name: string;
  /** Choices come from personal data (their vehicles, their summonses) and need a verified identity. */
  afterIdentity?: boolean;
  question(ctx: FlowContext): Bilingual;
  /** Reads an answer (or a detail given up front). `undefined` = not in this message. */
  read(input: SlotInput, ctx: FlowContext): SlotRead;
  /** Buttons to offer; an answer may be the number, the label or a value the reader accepts. */
  choices?(ctx: FlowContext): Promise<Choice[]>;
  /** Skip the question when there is exactly one choice. */
  pickSingleChoice?: boolean;
  skip?(ctx: FlowContext): boolean;
}

/** Everything a service's own code may use; no botbuilder in sight. */
export interface FlowContext<Clients = unknown> {
  lang: Lang;
  values: Record<string, unknown>;
  agencies: Clients;
  /** The verified citizen (after OTP). */
  identity?: { ic: string; token: string };
  today: Date;
}

export type NextStep =
  | { kind: 'counter'; agency: 'JPJ' | 'JIM'; purpose: Bilingual }
  | { kind: 'flow'; service: ServiceId; offer: Bilingual; presets: Record<string, unknown> };

export type Outcome =
  /** A read-only service (status, demerit points, travel check): the answer is the result. */
  | { kind: 'answer'; text: Bilingual; next?: NextStep }
  /** Cannot be done online (or not now): the reason and the way forward. */
  | { kind: 'refused'; reason: string; text: Bilingual; next?: NextStep }
  /** Can be done: the fee breakdown, then confirm → pay → execute. */
  | { kind: 'quote'; text: Bilingual; amount: string; description: string; request: Record<string, unknown> }
  /** Done without payment (a booking): the receipt straight away. */
  | { kind: 'done'; receipt: Receipt; text?: Bilingual }
  /** Something to tell the citizen before carrying on (a check's findings, e.g. their summonses). */
  | { kind: 'note'; text: Bilingual }
  /** A detail turned out wrong (a plate not registered to this MyKad): say why and ask for it again. */
  | { kind: 'reask'; slot: string; text: Bilingual };

/** An agency check that runs as soon as a given detail is known (after identity), before asking more. */
export interface Check<Clients = unknown> {
  /** The slot it depends on, or 'identity' to run right after verification. */
  after: string;
  /** Return an outcome to stop here (a refusal and its way forward); undefined to carry on. */
  run(ctx: FlowContext<Clients>): Promise<Outcome | undefined>;
}

export interface FlowDefinition<Clients = unknown> {
  /** Personal data is involved: verify the citizen by OTP before any of it is looked up. */
  identity: boolean;
  slots: readonly Slot[];
  checks?: readonly Check<Clients>[];
  evaluate(ctx: FlowContext<Clients>): Promise<Outcome>;
  /** Carries out a paid request; `idempotencyKey` makes a repeat harmless. */
  execute?(
    agencies: Clients,
    input: { request: Record<string, unknown>; paymentId: string; idempotencyKey: string },
  ): Promise<Receipt>;
}
