import { type Activity, type Attachment, CardFactory, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { catalog, type MessageKey } from '../i18n/catalog';
import { fill, type Bilingual, type Lang } from '../i18n/lang';
import type { Funnel } from '../observability/funnel';
import type { Logger } from '../observability/logger';
import { withChoices } from '../bot/replies';
import type { Choice, FlowContext, FlowDefinition, NextStep, Outcome, Slot } from './definition';
import { type IdentityPort, OtpLockedError, type PaymentPort } from './ports';
import type { Settlement } from './settlement';
import type { Receipt, TransactionRecord, TransactionStore } from './transactions';
import type { ServiceDefinition } from './types';

/** Set by the router on every turn: what the NLU understood, in which language to answer. */
export const FLOW_INPUT = Symbol('khidmat.flowInput');
/** Set by a flow when the message is not an answer to its question (a side question or a new request). */
export const NOT_AN_ANSWER = Symbol('khidmat.notAnAnswer');

export interface FlowInput {
  lang: Lang;
  text: string;
  intent: string;
  confidence: number;
  entities: Record<string, unknown>;
  /** A payment event delivered proactively: the reference of the transaction. */
  paymentRef?: string;
}

export interface VerifiedIdentity {
  ic: string;
  token: string;
  expiresAt: string;
}

export interface IdentityMemory {
  get(context: TurnContext): Promise<VerifiedIdentity | undefined>;
  set(context: TurnContext, identity: VerifiedIdentity): Promise<void>;
}

export interface FlowEngineDeps {
  agencies: unknown;
  identity: IdentityPort;
  payments: PaymentPort;
  transactions: TransactionStore;
  settlement: Settlement;
  funnel: Funnel;
  verified: IdentityMemory;
  callbackUrl: string;
  /** Where the payment page sends the citizen back to (the chat). */
  returnUrl?: string;
  today: () => Date;
  logger: Logger;
  /** Turns an agency failure into what the citizen is told (both languages). */
  explainError: (err: unknown) => Bilingual | undefined;
  /** True when the agency refused our verification token (expired): verify again, keep progress. */
  isVerificationExpired: (err: unknown) => boolean;
}

export interface FlowStartOptions {
  entities?: Record<string, unknown>;
  /** Values handed over by a parent flow (e.g. the summons to pay before a road tax renewal). */
  presets?: Record<string, unknown>;
  /** Quietly start (a parent flow already introduced it). */
  quiet?: boolean;
}

type Phase = 'slot' | 'otp' | 'confirm' | 'pay' | 'offer';

interface FlowState {
  values: Record<string, unknown>;
  phase: Phase;
  slot?: string;
  attempts: number;
  identified?: boolean;
  quote?: { amount: string; description: string; request: Record<string, unknown> };
  ref?: string;
  next?: NextStep;
  /** Why the offer in `next` was made (a refusal code, or 'completed' after an answer). */
  offerReason?: string;
  /** Options shown with the current question, to read "2" or a label back. */
  shown?: Array<{ label: Bilingual; value: unknown }>;
  /** The OTP request in progress. */
  otpRequestId?: string;
  /** Checks already passed (by `after` name); cleared when a detail is corrected. */
  passed?: string[];
}

const MAX_TRIES = 3;
const CARD_CHANNELS = new Set(['webchat', 'directline', 'emulator', 'msteams', 'test']);
/** "dah bayar", "I have paid": the citizen says the payment is done. */
export const PAID_WORDS = /\b(dah|sudah|telah|already|have|i've|done)\s*(bayar|byr|paid|pay)\b|^(paid|dah bayar|sudah bayar|selesai bayar|done)$/i;
const RESEND_WORDS = /\b(hantar semula|hantar lagi|resend|send again|tak terima|x terima|didn'?t (get|receive))\b/i;

/**
 * Runs one service definition as a botbuilder dialog: collect details → verify identity → evaluate
 * with the agency → explain a refusal and offer the way forward, or quote → confirm → pay → execute
 * → receipt. The service file says what; this class says how, once for every service.
 */
export class ServiceFlowDialog extends Dialog<FlowStartOptions> {
  /** The verified identity, once looked up in a turn (read by slot choices and checks). */
  private readonly verifiedThisTurn = new WeakMap<TurnContext, { ic: string; token: string }>();

  constructor(
    private readonly service: ServiceDefinition & { flow: FlowDefinition },
    private readonly deps: FlowEngineDeps,
  ) {
    super(service.id);
  }

  override async beginDialog(dc: DialogContext, options: FlowStartOptions = {}): Promise<DialogTurnResult> {
    const state: FlowState = { values: { ...options.presets }, phase: 'slot', attempts: 0 };
    dc.activeDialog!.state = state;
    const input = this.input(dc);
    await this.deps.funnel.record({ service: this.service.id, lang: input.lang, stage: 'started' });
    if (!options.quiet) await this.say(dc, 'flow.start', { service: this.service.title[input.lang] });
    this.prefill(state, { text: '', entities: options.entities ?? {}, lang: input.lang }, dc);
    // Already verified in this conversation: no need to ask for the MyKad again.
    const verified = await this.deps.verified.get(dc.context);
    if (verified && state.values.mykad === undefined && this.service.flow.slots.some((slot) => slot.name === 'mykad')) state.values.mykad = verified.ic;
    return this.advance(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as FlowState;
    const input = this.input(dc);
    if (state.phase === 'pay') return this.onPayPhase(dc, state, input);
    if (input.paymentRef) return Dialog.EndOfTurn;
    if (state.phase !== 'otp' && (await this.applyCorrections(dc, state, input))) return this.advance(dc, state);
    switch (state.phase) {
      case 'otp':
        return this.onOtp(dc, state, input);
      case 'confirm':
        return this.onConfirm(dc, state, input);
      case 'offer':
        return this.onOffer(dc, state, input);
      default:
        return this.onSlotAnswer(dc, state, input);
    }
  }

  /** A child flow (pay the blocking summons, book a counter) finished: evaluate again. */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as FlowState;
    state.phase = 'slot';
    state.next = undefined;
    await this.say(dc, 'flow.resume', { service: this.service.title[this.input(dc).lang] });
    return this.advance(dc, state);
  }

  override async repromptDialog(context: TurnContext, instance: { state: FlowState }): Promise<void> {
    const state = instance.state;
    const lang = (context.turnState.get(FLOW_INPUT) as FlowInput | undefined)?.lang ?? 'ms';
    await context.sendActivity(fill(catalog['flow.resume'][lang], { service: this.service.title[lang] }));
    const ctx = this.context(context, state, lang);
    if (state.phase === 'slot' && state.slot) {
      const slot = this.slotNamed(state.slot);
      if (slot) await context.sendActivity(this.questionActivity(slot.question(ctx)[lang], state.shown, lang));
    } else if (state.phase === 'otp') {
      await context.sendActivity(catalog['identity.sent'][lang]);
    } else if (state.phase === 'confirm' && state.quote) {
      await context.sendActivity(this.yesNo(fill(catalog['confirm.question'][lang], { amount: state.quote.amount }), lang, 'confirm.yes', 'confirm.no'));
    } else if (state.phase === 'pay' && state.ref) {
      const record = await this.deps.transactions.get(state.ref);
      if (record?.payUrl) await context.sendActivity(fill(catalog['pay.waiting'][lang], { url: record.payUrl }));
    }
  }

  // ── collecting details ───────────────────────────────────────────────────────────────────────

  private async onSlotAnswer(dc: DialogContext, state: FlowState, input: FlowInput): Promise<DialogTurnResult> {
    const slot = state.slot ? this.slotNamed(state.slot) : undefined;
    if (!slot) return this.advance(dc, state); // e.g. retry after an agency error
    const ctx = this.context(dc.context, state, input.lang);
    // The slot's own reading wins ("5" to "how many years?" is five years, not the fifth button);
    // a button's number or label is the fallback.
    const own = slot.read({ text: input.text, entities: input.entities, lang: input.lang }, ctx);
    const picked = own && 'value' in own ? undefined : this.pickShown(state, input.text);
    const read = picked !== undefined ? { value: picked } : own;
    if (read && 'value' in read) {
      state.values[slot.name] = read.value;
      state.attempts = 0;
      state.slot = undefined;
      state.shown = undefined;
      this.prefill(state, input, dc);
      return this.advance(dc, state);
    }
    if (!read && this.looksLikeSomethingElse(input)) {
      dc.context.turnState.set(NOT_AN_ANSWER, true);
      return Dialog.EndOfTurn;
    }
    return this.retry(dc, state, read?.hint, () => this.questionActivity(slot.question(ctx)[input.lang], state.shown, input.lang));
  }

  /** Fill any still-missing slot the message already answers ("renew WXY1234 12 bulan"). */
  private prefill(state: FlowState, input: Omit<FlowInput, 'intent' | 'confidence'>, dc: DialogContext): void {
    const ctx = this.context(dc.context, state, input.lang);
    for (const slot of this.service.flow.slots) {
      if (state.values[slot.name] !== undefined) continue;
      const read = slot.read({ text: '', entities: input.entities, lang: input.lang }, ctx);
      if (read && 'value' in read) state.values[slot.name] = read.value;
    }
  }

  /** "salah, nombor plat sebenarnya WXY1235": a new value for a detail already given replaces it. */
  private async applyCorrections(dc: DialogContext, state: FlowState, input: FlowInput): Promise<boolean> {
    const ctx = this.context(dc.context, state, input.lang);
    for (const slot of this.service.flow.slots) {
      const current = state.values[slot.name];
      if (current === undefined || slot.name === state.slot) continue;
      const read = slot.read({ text: '', entities: input.entities, lang: input.lang }, ctx);
      if (!read || !('value' in read) || JSON.stringify(read.value) === JSON.stringify(current)) continue;
      state.values[slot.name] = read.value;
      // Everything decided from the old value is void: the choices that came after it, the quote, an offer.
      const slots = this.service.flow.slots;
      for (const later of slots.slice(slots.indexOf(slot) + 1)) if (later.afterIdentity) delete state.values[later.name];
      state.quote = undefined;
      state.next = undefined;
      state.passed = [];
      state.phase = 'slot';
      state.slot = undefined;
      await this.say(dc, 'flow.updated', { detail: this.detailName(slot, input.lang), value: display(read.value) });
      return true;
    }
    return false;
  }

  private async advance(dc: DialogContext, state: FlowState): Promise<DialogTurnResult> {
    const lang = this.input(dc).lang;
    const flow = this.service.flow;
    const ctx = this.context(dc.context, state, lang);

    for (const slot of flow.slots) {
      if (slot.afterIdentity || state.values[slot.name] !== undefined || slot.skip?.(ctx)) continue;
      return this.ask(dc, state, slot, ctx, slot.choices ? await slot.choices(ctx) : undefined);
    }

    if (flow.identity) {
      const ic = String(state.values.mykad);
      const verified = await this.deps.verified.get(dc.context);
      // Expiry is the agency's call (its clock, its token): a refused token sends us back to OTP below.
      if (!verified || verified.ic !== ic) return this.startOtp(dc, state, ic);
      ctx.identity = { ic: verified.ic, token: verified.token };
      this.verifiedThisTurn.set(dc.context, ctx.identity);
      if (!state.identified) {
        state.identified = true;
        await this.deps.funnel.record({ service: this.service.id, lang, stage: 'identified' });
      }
    }

    try {
      const stop = await this.runChecks(state, ctx, 'identity', dc);
      if (stop) return await this.act(dc, state, stop);
      for (const slot of flow.slots) {
        if (slot.afterIdentity && state.values[slot.name] === undefined && !slot.skip?.(ctx)) {
          const options = slot.choices ? await slot.choices(ctx) : [];
          if (slot.pickSingleChoice && options.length === 1) state.values[slot.name] = options[0].value;
          else return this.ask(dc, state, slot, ctx, options);
        }
        const outcome = await this.runChecks(state, ctx, slot.name, dc);
        if (outcome) return await this.act(dc, state, outcome);
      }
      return await this.act(dc, state, await flow.evaluate(ctx));
    } catch (err) {
      if (flow.identity && this.deps.isVerificationExpired(err)) return this.startOtp(dc, state, String(state.values.mykad));
      const explained = this.deps.explainError(err);
      if (!explained) throw err;
      // Progress is kept: the next message simply tries again from here.
      state.slot = undefined;
      await dc.context.sendActivity(explained[lang]);
      return Dialog.EndOfTurn;
    }
  }

  /** Runs the checks that depend on `after` once; an outcome other than a note stops the flow there. */
  private async runChecks(state: FlowState, ctx: FlowContext, after: string, dc?: DialogContext): Promise<Outcome | undefined> {
    for (const check of this.service.flow.checks ?? []) {
      if (check.after !== after || state.passed?.includes(after)) continue;
      const outcome = await check.run(ctx);
      if (outcome?.kind === 'note') await dc?.context.sendActivity(outcome.text[ctx.lang]);
      else if (outcome) return outcome;
    }
    // Once: every later step runs this again for the same name (it was pushed every turn, so the
    // saved state grew with the conversation).
    if (!state.passed?.includes(after)) (state.passed ??= []).push(after);
    return undefined;
  }

  private async ask(dc: DialogContext, state: FlowState, slot: Slot, ctx: FlowContext, options?: Choice[]): Promise<DialogTurnResult> {
    state.phase = 'slot';
    state.slot = slot.name;
    state.shown = options?.length ? options : undefined;
    await dc.context.sendActivity(this.questionActivity(slot.question(ctx)[ctx.lang], state.shown, ctx.lang));
    return Dialog.EndOfTurn;
  }

  // ── identity ─────────────────────────────────────────────────────────────────────────────────

  /** Sends a (new) code; false when the MyKad is locked out (the citizen has been told). */
  private async sendCode(dc: DialogContext, state: FlowState, ic: string): Promise<boolean> {
    try {
      state.otpRequestId = (await this.deps.identity.sendOtp(ic)).requestId;
      return true;
    } catch (err) {
      if (!(err instanceof OtpLockedError)) throw err;
      await this.say(dc, 'identity.locked');
      return false;
    }
  }

  private async startOtp(dc: DialogContext, state: FlowState, ic: string): Promise<DialogTurnResult> {
    if (!(await this.sendCode(dc, state, ic))) return this.finish(dc, 'abandoned', 'OTP_LOCKED');
    state.phase = 'otp';
    state.attempts = 0;
    await this.say(dc, 'identity.why');
    await this.say(dc, 'identity.sent');
    return Dialog.EndOfTurn;
  }

  private async onOtp(dc: DialogContext, state: FlowState, input: FlowInput): Promise<DialogTurnResult> {
    const ic = String(state.values.mykad);
    if (RESEND_WORDS.test(input.text)) {
      if (!(await this.sendCode(dc, state, ic))) return this.finish(dc, 'abandoned', 'OTP_LOCKED');
      await this.say(dc, 'identity.resent');
      return Dialog.EndOfTurn;
    }
    const code = input.text.replace(/\s+/g, '').match(/^\d{6}$/)?.[0];
    if (!code) {
      if (this.looksLikeSomethingElse(input)) {
        dc.context.turnState.set(NOT_AN_ANSWER, true);
        return Dialog.EndOfTurn;
      }
      await this.say(dc, 'identity.codeFormat');
      return Dialog.EndOfTurn;
    }
    const result = await this.deps.identity.verifyOtp({ requestId: state.otpRequestId ?? '', ic, code });
    if (result.ok) {
      await this.deps.verified.set(dc.context, { ic, token: result.token, expiresAt: result.expiresAt });
      await this.say(dc, 'identity.verified');
      state.phase = 'slot';
      return this.advance(dc, state);
    }
    if (result.reason === 'wrong') {
      await this.say(dc, 'identity.wrong', { left: result.attemptsLeft });
      return Dialog.EndOfTurn;
    }
    if (result.reason === 'expired') {
      await this.say(dc, 'identity.expired');
      if (!(await this.sendCode(dc, state, ic))) return this.finish(dc, 'abandoned', 'OTP_LOCKED');
      return Dialog.EndOfTurn;
    }
    await this.say(dc, 'identity.locked');
    return this.finish(dc, 'abandoned', 'OTP_LOCKED');
  }

  // ── outcome, confirmation, payment ───────────────────────────────────────────────────────────

  private async act(dc: DialogContext, state: FlowState, outcome: Outcome): Promise<DialogTurnResult> {
    const lang = this.input(dc).lang;
    switch (outcome.kind) {
      case 'answer':
        await dc.context.sendActivity(outcome.text[lang]);
        if (outcome.next) return this.offer(dc, state, outcome.next, 'completed');
        return this.finish(dc, 'completed');
      case 'done':
        if (outcome.text) await dc.context.sendActivity(outcome.text[lang]);
        await dc.context.sendActivity(receiptMessage(dc.context, outcome.receipt, lang, this.service.title));
        return this.finish(dc, 'completed');
      case 'refused':
        // A refusal is its own end of the funnel; when the way forward is a counter, the citizen is
        // also counted as sent there (whether or not they book the appointment here).
        await this.deps.funnel.record({ service: this.service.id, lang, stage: 'refused', reason: outcome.reason });
        if (outcome.next?.kind === 'counter') await this.deps.funnel.record({ service: this.service.id, lang, stage: 'counter', reason: outcome.reason });
        await dc.context.sendActivity(outcome.text[lang]);
        if (outcome.next) return this.offer(dc, state, outcome.next, outcome.reason);
        return this.finish(dc, 'refused');
      case 'note':
        await dc.context.sendActivity(outcome.text[lang]);
        return this.finish(dc, 'completed');
      case 'reask':
        await dc.context.sendActivity(outcome.text[lang]);
        delete state.values[outcome.slot];
        state.passed = (state.passed ?? []).filter((name) => name !== outcome.slot);
        return this.advance(dc, state);
      case 'quote':
        await this.deps.funnel.record({ service: this.service.id, lang, stage: 'eligible' });
        state.quote = { amount: outcome.amount, description: outcome.description, request: outcome.request };
        state.phase = 'confirm';
        await dc.context.sendActivity(outcome.text[lang]);
        await dc.context.sendActivity(this.yesNo(fill(catalog['confirm.question'][lang], { amount: outcome.amount }), lang, 'confirm.yes', 'confirm.no'));
        return Dialog.EndOfTurn;
    }
  }

  private async offer(dc: DialogContext, state: FlowState, next: NextStep, reason: string): Promise<DialogTurnResult> {
    const lang = this.input(dc).lang;
    state.next = next;
    state.phase = 'offer';
    state.offerReason = reason;
    const question = next.kind === 'counter' ? fill(catalog['counter.offer'][lang], { agency: next.agency }) : next.offer[lang];
    await dc.context.sendActivity(this.yesNo(question, lang, next.kind === 'counter' ? 'counter.yes' : 'offer.yes', 'offer.no'));
    return Dialog.EndOfTurn;
  }

  private async onOffer(dc: DialogContext, state: FlowState, input: FlowInput): Promise<DialogTurnResult> {
    const answer = this.yesNoAnswer(input);
    const reason = state.offerReason ?? 'REFUSED';
    const next = state.next!;
    if (answer === undefined) return this.notYesNo(dc, state, input);
    if (!answer) {
      await this.say(dc, 'offer.declined');
      // Already counted: completed (an answer with an offer) or refused (with its reason).
      return this.finish(dc, reason === 'completed' ? 'completed' : 'refused');
    }
    if (next.kind === 'counter') {
      const presets = { agency: next.agency, purpose: next.purpose, mykad: state.values.mykad };
      // The counter booking replaces this flow: the citizen's journey continues there.
      return dc.replaceDialog('appointment.book', { presets, quiet: false } satisfies FlowStartOptions);
    }
    return dc.beginDialog(next.service, { presets: { ...next.presets, mykad: state.values.mykad }, quiet: false } satisfies FlowStartOptions);
  }

  private async onConfirm(dc: DialogContext, state: FlowState, input: FlowInput): Promise<DialogTurnResult> {
    const answer = this.yesNoAnswer(input);
    if (answer === undefined) return this.notYesNo(dc, state, input);
    if (!answer) {
      await this.say(dc, 'flow.cancelled');
      return this.finish(dc, 'abandoned', 'DECLINED_QUOTE');
    }
    return this.startPayment(dc, state, input.lang);
  }

  private async startPayment(dc: DialogContext, state: FlowState, lang: Lang): Promise<DialogTurnResult> {
    const quote = state.quote!;
    const ref = this.deps.transactions.newReference(this.service.id);
    const payment = await this.deps.payments.create({
      amount: quote.amount,
      reference: ref,
      description: quote.description,
      callbackUrl: this.deps.callbackUrl,
      returnUrl: this.deps.returnUrl,
      idempotencyKey: `pay-${ref}`,
    });
    const now = new Date().toISOString();
    const record: TransactionRecord = {
      ref,
      service: this.service.id,
      lang,
      conversation: TurnContext.getConversationReference(dc.context.activity),
      request: quote.request,
      amount: quote.amount,
      paymentId: payment.paymentId,
      payUrl: payment.payUrl,
      status: 'awaiting_payment',
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.transactions.save(record);
    state.ref = ref;
    state.phase = 'pay';
    await this.say(dc, 'pay.link', { amount: quote.amount, url: payment.payUrl });
    return Dialog.EndOfTurn;
  }

  private async onPayPhase(dc: DialogContext, state: FlowState, input: FlowInput): Promise<DialogTurnResult> {
    const ref = state.ref!;
    if (input.paymentRef && input.paymentRef !== ref) return Dialog.EndOfTurn;
    if (!input.paymentRef && !PAID_WORDS.test(input.text) && this.looksLikeSomethingElse(input)) {
      dc.context.turnState.set(NOT_AN_ANSWER, true);
      return Dialog.EndOfTurn;
    }
    const record = await this.deps.settlement.settle(ref);
    if (!record) return this.finish(dc, 'abandoned', 'TRANSACTION_EXPIRED');
    switch (record.status) {
      case 'completed':
        // The citizen is here, waiting: show the receipt even if a proactive copy went out already.
        await deliverReceipt(dc.context, record, this.deps.transactions, this.service.title, { again: true });
        return dc.endDialog({ completed: true, ref });
      case 'payment_failed':
        await this.say(dc, 'pay.cancelled');
        state.phase = 'confirm';
        return Dialog.EndOfTurn;
      case 'failed':
        await this.say(dc, 'pay.failedAfterPayment', { ref });
        return Dialog.EndOfTurn;
      case 'resolved': {
        // An officer closed it (refunded, or completed at the counter): say so, and stop waiting.
        const lang = this.input(dc).lang;
        const key = record.resolution?.outcome === 'delivered_by_hand' ? 'payments.deliveredByHand' : 'payments.refunded';
        await this.say(dc, key, { service: this.service.title[lang], ref, amount: record.amount });
        return dc.endDialog({ completed: false, ref });
      }
      default:
        if (!input.paymentRef) await this.say(dc, 'pay.waiting', { url: record.payUrl ?? '' });
        return Dialog.EndOfTurn;
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  /** Ends the flow; 'refused' was recorded when the refusal was given, so nothing more is counted. */
  private async finish(dc: DialogContext, stage: 'completed' | 'abandoned' | 'refused', reason?: string): Promise<DialogTurnResult> {
    const lang = this.input(dc).lang;
    if (stage !== 'refused') await this.deps.funnel.record({ service: this.service.id, lang, stage, ...(reason ? { reason } : {}) });
    return dc.endDialog({ completed: stage === 'completed' });
  }

  private async retry(dc: DialogContext, state: FlowState, hint: Bilingual | undefined, question: () => Partial<Activity>): Promise<DialogTurnResult> {
    const lang = this.input(dc).lang;
    state.attempts += 1;
    if (state.attempts >= MAX_TRIES) {
      await dc.context.sendActivity(withChoices(catalog['flow.tooManyTries'][lang], [catalog['menu.appointment'][lang], catalog['handoff.talkToOfficer'][lang]]));
      return this.finish(dc, 'abandoned', 'TOO_MANY_TRIES');
    }
    if (hint) await dc.context.sendActivity(hint[lang]);
    await dc.context.sendActivity(question());
    return Dialog.EndOfTurn;
  }

  private async notYesNo(dc: DialogContext, state: FlowState, input: FlowInput): Promise<DialogTurnResult> {
    if (this.looksLikeSomethingElse(input)) {
      dc.context.turnState.set(NOT_AN_ANSWER, true);
      return Dialog.EndOfTurn;
    }
    state.attempts += 1;
    await this.say(dc, 'confirm.hint');
    return Dialog.EndOfTurn;
  }

  private yesNoAnswer(input: FlowInput): boolean | undefined {
    const value = input.entities.yesNo;
    if (typeof value === 'boolean') return value;
    if (value === 'yes') return true;
    if (value === 'no') return false;
    const text = input.text.trim().toLowerCase();
    for (const key of ['confirm.yes', 'counter.yes', 'offer.yes'] as const) if (text === catalog[key].ms.toLowerCase() || text === catalog[key].en.toLowerCase()) return true;
    for (const key of ['confirm.no', 'offer.no'] as const) if (text === catalog[key].ms.toLowerCase() || text === catalog[key].en.toLowerCase()) return false;
    return undefined;
  }

  /** A confident, different intent (a policy question, another service, a person) rather than an answer. */
  private looksLikeSomethingElse(input: FlowInput): boolean {
    return input.confidence >= 0.6 && input.intent !== 'out_of_scope' && input.intent !== 'greeting' && input.intent !== this.service.id;
  }

  private pickShown(state: FlowState, text: string): unknown {
    if (!state.shown) return undefined;
    const trimmed = text.trim().toLowerCase();
    const number = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : NaN;
    if (number >= 1 && number <= state.shown.length) return state.shown[number - 1].value;
    return state.shown.find((option) => option.label.ms.toLowerCase() === trimmed || option.label.en.toLowerCase() === trimmed)?.value;
  }

  private questionActivity(text: string, shown: FlowState['shown'], lang: Lang): Partial<Activity> {
    if (!shown?.length) return { type: 'message', text };
    return withChoices(text, shown.map((option) => option.label[lang]));
  }

  private yesNo(text: string, lang: Lang, yes: MessageKey, no: MessageKey): Partial<Activity> {
    return withChoices(text, [catalog[yes][lang], catalog[no][lang]]);
  }

  private detailName(slot: Slot, lang: Lang): string {
    const names: Record<string, Bilingual> = {
      plate: { ms: 'nombor plat', en: 'the plate number' },
      mykad: { ms: 'nombor MyKad', en: 'the MyKad number' },
      months: { ms: 'tempoh', en: 'the period' },
      years: { ms: 'tempoh', en: 'the period' },
    };
    return names[slot.name]?.[lang] ?? slot.name;
  }

  private slotNamed(name: string): Slot | undefined {
    return this.service.flow.slots.find((slot) => slot.name === name);
  }

  private input(dc: DialogContext): FlowInput {
    return dc.context.turnState.get(FLOW_INPUT) as FlowInput;
  }

  private context(context: TurnContext, state: FlowState, lang: Lang): FlowContext {
    return { lang, values: state.values, agencies: this.deps.agencies, today: this.deps.today(), identity: this.verifiedThisTurn.get(context) };
  }

  private async say(dc: DialogContext, key: MessageKey, params?: Record<string, string | number>): Promise<void> {
    await dc.context.sendActivity(fill(catalog[key][this.input(dc).lang], params));
  }
}

function display(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The receipt as a card where the channel shows cards, as plain text elsewhere. */
export function receiptMessage(context: TurnContext, receipt: Receipt, lang: Lang, title: Bilingual): Partial<Activity> {
  const heading = fill(catalog['receipt.title'][lang], { service: title[lang] });
  const rows: Array<[string, string]> = [
    [catalog['receipt.reference'][lang], receipt.reference],
    [catalog['receipt.amount'][lang], `RM${receipt.amount}`],
    ...receipt.lines.map((line): [string, string] => [line.label[lang], line.value]),
  ];
  const text = [catalog['receipt.done'][lang], heading, ...rows.map(([label, value]) => `${label}: ${value}`)].join('\n');
  if (!CARD_CHANNELS.has(context.activity.channelId)) return { type: 'message', text };
  const card: Attachment = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    version: '1.3',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    speak: heading,
    body: [
      { type: 'TextBlock', text: heading, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: rows.map(([title_, value]) => ({ title: title_, value })) },
    ],
  });
  return { type: 'message', text, attachments: [card] };
}

/** Sends the receipt once per transaction, whichever path (callback event or "dah bayar") gets there first. */
export async function deliverReceipt(
  context: TurnContext,
  record: TransactionRecord,
  transactions: TransactionStore,
  title: Bilingual,
  options: { again?: boolean } = {},
): Promise<boolean> {
  if (!record.receipt || (record.receiptDelivered && !options.again)) return false;
  // Sent first, marked after: a failed send must leave the receipt deliverable, never lost.
  await context.sendActivity(receiptMessage(context, record.receipt, record.lang, title));
  if (!record.receiptDelivered) {
    record.receiptDelivered = true;
    await transactions.save(record);
  }
  return true;
}

