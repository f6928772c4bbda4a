import { type StatePropertyAccessor, TurnContext } from 'botbuilder';
import { type DialogContext, type DialogInstance, DialogSet, type DialogState, type DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import type { FlowDefinition } from '../flows/definition';
import {
  deliverReceipt,
  FLOW_INPUT,
  type FlowEngineDeps,
  type FlowInput,
  type FlowStartOptions,
  NOT_AN_ANSWER,
  PAID_WORDS,
  ServiceFlowDialog,
  type VerifiedIdentity,
} from '../flows/engine';
import type { ServiceDefinition, ServiceId } from '../flows/types';
import { SERVICE_IDS } from '../flows/types';
import { catalog, t } from '../i18n/catalog';
import { fill, type Lang } from '../i18n/lang';
import { QUEUE_KEY_READ_ALONG, type HandoffDesk } from '../handoff/handoffDesk';
import { maskText } from '../observability/mask';
import type { SatisfactionRatings } from '../observability/satisfaction';
import type { UnansweredQuestions } from '../observability/unanswered';
import type { DataRights } from '../privacy/dataRights';
import { SERVICE_OFFERS } from '../knowledge';
import type { SafeBotState } from '../state/safeBotState';
import { conversationKeyOf } from '../state/conversationKey';
import type { Turn, TurnRouter } from './khidmatBot';
import { MENU, menuReply, serviceFromMenuLabel, withChoices } from './replies';

/** botbuilder-dialogs' turn-state key for DialogStateManager's configuration (not exported by it). */
const DIALOG_MEMORY_CONFIGURATION = 'DialogStateManagerConfiguration';

export interface KnowledgeAnswer {
  answer: string;
  grounded: boolean;
  sources: Array<{ id: string; title: string; url: string }>;
  service?: ServiceId;
}

export interface KnowledgePort {
  ask(question: string, context: { lang: Lang }): Promise<KnowledgeAnswer>;
}

type RunnableService = ServiceDefinition & { flow: FlowDefinition };

/** Handoff to officers, data rights, satisfaction and unanswered questions (issue: operating Khidmat). */
export interface OperationsPorts {
  handoffs: HandoffDesk;
  dataRights: DataRights;
  satisfaction: SatisfactionRatings;
  unanswered: UnansweredQuestions;
  onHandoff?: (event: 'requested' | 'outside_hours') => void;
  onUnanswered?: (lang: Lang) => void;
}

/**
 * Decides what each message is for. Interruptions (cancel, menu, help, language) apply everywhere;
 * a running service gets the message first; what it does not take as an answer (a side question, a
 * new request) is handled here and the service's question is asked again. Adding a service never
 * touches this file: every definition in dialogs/ with a flow becomes a dialog.
 */
export class ServiceRouter implements TurnRouter {
  private readonly dialogs: DialogSet;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly identity: StatePropertyAccessor<VerifiedIdentity | undefined>;
  private readonly byId = new Map<ServiceId, RunnableService>();

  constructor(
    private readonly deps: {
      services: readonly ServiceDefinition[];
      conversationState: SafeBotState;
      engine: Omit<FlowEngineDeps, 'verified'>;
      knowledge: KnowledgePort;
      operations: OperationsPorts;
      /** For "my data": how long state lives. */
      retention?: { conversationSeconds: number; userSeconds: number };
    },
  ) {
    const dialogState: StatePropertyAccessor<DialogState> = deps.conversationState.createProperty('dialogs');
    const identity: StatePropertyAccessor<VerifiedIdentity | undefined> = deps.conversationState.createProperty('identity');
    this.identity = identity;
    this.dialogState = dialogState;
    this.dialogs = new DialogSet(dialogState);
    const engineDeps: FlowEngineDeps = {
      ...deps.engine,
      verified: { get: (context) => identity.get(context), set: (context, value) => identity.set(context, value) },
    };
    for (const service of deps.services) {
      if (!service.flow) continue;
      const runnable = service as RunnableService;
      this.byId.set(service.id, runnable);
      this.dialogs.add(new ServiceFlowDialog(runnable, engineDeps));
    }
  }

  flowOf = (id: ServiceId): FlowDefinition | undefined => this.byId.get(id)?.flow;
  titleOf = (id: ServiceId) => this.byId.get(id)?.title ?? { ms: id, en: id };

  async route(turn: Turn): Promise<void> {
    const { context, lang, understanding } = turn;
    const input: FlowInput = {
      lang,
      text: turn.text,
      intent: understanding.intent,
      confidence: understanding.confidence,
      entities: understanding.entities,
      paymentRef: turn.paymentRef,
    };
    context.turnState.set(FLOW_INPUT, input);
    const dialogs = await this.turnDialogs(context);
    const active = dialogs.active?.id as ServiceId | undefined;

    if (turn.paymentRef) {
      if (active) await this.afterFlow(turn, active, await (await dialogs.context()).continueDialog());
      const now = dialogs.active;
      if (!now || now.id !== active) await this.deliverLateReceipt(context, turn.paymentRef);
      return;
    }

    if (await this.handledByOperations(turn, dialogs)) return;

    switch (understanding.command) {
      case 'cancel':
      case 'menu':
      case 'restart':
        if (active) {
          await this.abandon(dialogs, active, lang, 'CANCELLED');
          await context.sendActivity(menuReply(lang, `${t(lang, 'flow.cancelled')} ${t(lang, 'menu.prompt')}`));
        } else {
          await context.sendActivity(menuReply(lang, understanding.command === 'cancel' ? `${t(lang, 'flow.nothingToCancel')} ${t(lang, 'menu.prompt')}` : undefined));
        }
        return;
      case 'help':
        await context.sendActivity(menuReply(lang, t(lang, 'help.text')));
        if (active) await (await dialogs.context()).repromptDialog();
        return;
    }

    if (understanding.intent === 'switch_language' && understanding.switchTo) {
      if (active) await (await dialogs.context()).repromptDialog();
      else await context.sendActivity(menuReply(lang));
      return;
    }

    const tapped = serviceFromMenuLabel(turn.text);
    if (active && !tapped) {
      const dc = await dialogs.context();
      const result = await dc.continueDialog();
      if (!context.turnState.get(NOT_AN_ANSWER)) return this.afterFlow(turn, active, result);
      // Not an answer to the flow's question: handle it, then come back to the question.
      const wanted = this.requestedService(understanding.intent);
      if (wanted && wanted !== active) {
        await this.abandon(dialogs, active, lang, 'SWITCHED');
        await context.sendActivity(fill(catalog['flow.switching'][lang], { from: this.titleOf(active)[lang], to: this.titleOf(wanted)[lang] }));
        await dc.beginDialog(wanted, { entities: understanding.entities, quiet: true } satisfies FlowStartOptions);
        return;
      }
      await this.handleOutsideFlow(turn, dialogs, { resumeAfter: true });
      return;
    }

    if (!tapped && PAID_WORDS.test(turn.text.trim())) {
      // "dah bayar" with nothing awaiting payment (the receipt already came): do not start a new service.
      await context.sendActivity(menuReply(lang, `${t(lang, 'payment.nothingPending')} ${t(lang, 'menu.prompt')}`));
      return;
    }
    const service = tapped ?? this.requestedService(understanding.intent);
    if (service) {
      if (active) await this.abandon(dialogs, active, lang, 'SWITCHED');
      const result = await (await dialogs.context()).beginDialog(service, { entities: tapped ? {} : understanding.entities } satisfies FlowStartOptions);
      return this.afterFlow(turn, service, result);
    }
    await this.handleOutsideFlow(turn, dialogs, { resumeAfter: false });
  }

  /**
   * Botbuilder builds the dialog memory scopes anew for every dialog context unless the turn already
   * holds them (its own per-turn cache, under this key). They do not depend on the turn, so the
   * first turn's are handed to every later one.
   */
  private dialogMemory: unknown;

  private async dialogContext(context: TurnContext): Promise<DialogContext> {
    if (this.dialogMemory) context.turnState.set(DIALOG_MEMORY_CONFIGURATION, this.dialogMemory);
    const dc = await this.dialogs.createContext(context);
    this.dialogMemory ??= context.turnState.get(DIALOG_MEMORY_CONFIGURATION);
    return dc;
  }

  private async turnDialogs(context: TurnContext): Promise<TurnDialogs> {
    const state = await this.dialogState.get(context);
    return new TurnDialogs(state?.dialogStack ?? [], () => this.dialogContext(context));
  }

  /** The citizen left a service unfinished (cancelled it, or went for another): count it, end it. */
  private async abandon(dialogs: TurnDialogs, active: ServiceId, lang: Lang, reason: 'CANCELLED' | 'SWITCHED'): Promise<void> {
    await this.deps.engine.funnel.record({ service: active, lang, stage: 'abandoned', reason });
    await (await dialogs.context()).cancelAllDialogs();
  }

  private requestedService(intent: string): ServiceId | undefined {
    return (SERVICE_IDS as readonly string[]).includes(intent) && this.byId.has(intent as ServiceId) ? (intent as ServiceId) : undefined;
  }

  private async handleOutsideFlow(turn: Turn, dialogs: TurnDialogs, options: { resumeAfter: boolean }): Promise<void> {
    const { context, lang, understanding } = turn;
    switch (understanding.intent) {
      case 'faq':
        await this.answerQuestion(turn, !options.resumeAfter);
        break;
      case 'handoff':
        await this.requestHandoff(turn, dialogs, 'ASKED');
        return;
      case 'greeting':
        if (!options.resumeAfter) await context.sendActivity(menuReply(lang));
        break;
      default:
        if (options.resumeAfter) {
          await this.answerQuestion(turn, false);
          break;
        }
        // A real question outside our services ("how do I withdraw EPF?") gets the knowledge base's
        // honest "I don't have that information" with where to ask — and is counted for operators.
        if (turn.text.trim().split(/\s+/).length >= 4) {
          await this.answerQuestion(turn, false);
          break;
        }
        // Twice in a row not understood: offer a person rather than looping.
        turn.conversation.notUnderstood = (turn.conversation.notUnderstood ?? 0) + 1;
        if (turn.conversation.notUnderstood >= 2) {
          await context.sendActivity(withChoices(t(lang, 'handoff.offerAfterTrouble'), [t(lang, 'handoff.talkToOfficer'), t(lang, 'menu.appointment')]));
        } else {
          await context.sendActivity(menuReply(lang, t(lang, 'fallback.notUnderstood')));
        }
        return;
    }
    turn.conversation.notUnderstood = 0;
    if (options.resumeAfter && dialogs.active) await (await dialogs.context()).repromptDialog();
  }

  private async answerQuestion(turn: Turn, offerService: boolean): Promise<void> {
    const { context, lang } = turn;
    // The answer already names its source (title and link) in the citizen's language.
    const answer = await this.deps.knowledge.ask(turn.text, { lang });
    await context.sendActivity(answer.answer);
    if (!answer.grounded) {
      await this.deps.operations.unanswered.record(turn.text, lang);
      this.deps.operations.onUnanswered?.(lang);
    }
    if (offerService && answer.grounded && answer.service && this.byId.has(answer.service)) {
      const title = this.titleOf(answer.service)[lang];
      await context.sendActivity(withChoices(SERVICE_OFFERS[answer.service][lang], [this.menuLabelOf(answer.service, lang) ?? title]));
    }
  }

  private menuLabelOf(service: ServiceId, lang: Lang): string | undefined {
    const entry = MENU.find((item) => item.service === service);
    return entry ? t(lang, entry.label) : undefined;
  }

  /** After a flow's turn: a completed service asks for a one-tap rating. */
  private async afterFlow(turn: Turn, service: ServiceId, result: DialogTurnResult): Promise<void> {
    const completed = result.status === DialogTurnStatus.complete && (result.result as { completed?: boolean } | undefined)?.completed;
    if (!completed) return;
    turn.conversation.awaitingRating = service;
    await turn.context.sendActivity(withChoices(t(turn.lang, 'rating.ask'), ['1', '2', '3', '4', '5']));
  }

  /**
   * What comes before services: a conversation with an officer, a pending "delete my data?",
   * a rating, the data-rights commands. True when the message was handled here.
   */
  private async handledByOperations(turn: Turn, dialogs: TurnDialogs): Promise<boolean> {
    const ops = this.deps.operations;
    const { context, lang, understanding, conversation } = turn;
    const key = conversationKeyOf(context.activity);

    const handoff = conversation.handoff === 'none' ? undefined : await ops.handoffs.forConversation(key, context.turnState.get(QUEUE_KEY_READ_ALONG) as string | null | undefined);
    conversation.handoff = handoff ? 'open' : 'none';
    if (handoff) {
      if (understanding.command === 'cancel' || understanding.command === 'menu') {
        await ops.handoffs.release(handoff.id, { notify: false });
        conversation.handoff = 'none';
        await context.sendActivity(menuReply(lang, t(lang, 'handoff.left')));
      } else {
        await ops.handoffs.addMessage(handoff.id, 'citizen', turn.text);
        if (handoff.status === 'waiting') await context.sendActivity(t(lang, 'handoff.stillWaiting'));
      }
      return true;
    }

    if (conversation.pendingErase) {
      conversation.pendingErase = false;
      const yes = understanding.entities.yesNo === 'yes' || turn.text.trim().toLowerCase() === t(lang, 'data.eraseYes').toLowerCase();
      const no = understanding.entities.yesNo === 'no' || turn.text.trim().toLowerCase() === t(lang, 'data.eraseNo').toLowerCase();
      if (yes) {
        await ops.dataRights.erase(context);
        await context.sendActivity(t(lang, 'data.erased'));
        return true;
      }
      if (no) {
        await context.sendActivity(menuReply(lang, t(lang, 'data.kept')));
        return true;
      }
    }

    if (conversation.awaitingRating) {
      const service = conversation.awaitingRating as ServiceId;
      conversation.awaitingRating = undefined;
      const rating = /^\s*([1-5])\s*(\/\s*5)?\s*$/.exec(turn.text)?.[1];
      if (rating) {
        await ops.satisfaction.record(service, Number(rating));
        await context.sendActivity(menuReply(lang, t(lang, 'rating.thanks')));
        return true;
      }
    }

    if (understanding.command === 'delete_data') {
      conversation.pendingErase = true;
      await context.sendActivity(withChoices(t(lang, 'data.confirmErase'), [t(lang, 'data.eraseYes'), t(lang, 'data.eraseNo')]));
      return true;
    }
    if (understanding.command === 'show_data') {
      const identity = await this.identity.get(context);
      const none = t(lang, 'data.none');
      const active = dialogs.active?.id as ServiceId | undefined;
      await context.sendActivity(
        t(lang, 'data.summary', {
          lang: lang === 'ms' ? 'Bahasa Melayu' : 'English',
          consent: turn.profile.consent ? `${turn.profile.consent.at.slice(0, 10)} (versi/version ${turn.profile.consent.version})` : none,
          mykad: identity ? maskText(identity.ic) : none,
          service: active ? this.titleOf(active)[lang] : none,
          conversationMinutes: Math.round((this.deps.retention?.conversationSeconds ?? 1800) / 60),
          userDays: Math.round((this.deps.retention?.userSeconds ?? 15552000) / 86400),
        }),
      );
      return true;
    }
    if (turn.text.trim().toLowerCase() === t(lang, 'handoff.talkToOfficer').toLowerCase()) {
      await this.requestHandoff(turn, dialogs, 'NOT_UNDERSTOOD');
      return true;
    }
    return false;
  }

  private async requestHandoff(turn: Turn, dialogs: TurnDialogs, reason: string): Promise<void> {
    const { context, lang } = turn;
    const ops = this.deps.operations;
    if (!ops.handoffs.officeHours.isOpen()) {
      ops.onHandoff?.('outside_hours');
      await context.sendActivity(withChoices(t(lang, 'handoff.closed', { hours: ops.handoffs.officeHours.describe()[lang] }), [t(lang, 'menu.appointment')]));
      return;
    }
    const active = dialogs.active;
    const values = (active?.state as { values?: Record<string, unknown> } | undefined)?.values ?? {};
    // What the bot collected so far, for the officer — identifiers masked.
    const details = Object.fromEntries(
      Object.entries(values)
        .filter(([name, value]) => !name.startsWith('__') && ['string', 'number'].includes(typeof value))
        .map(([name, value]) => [name, maskText(String(value))]),
    );
    const { position, waitMinutes } = await ops.handoffs.request({
      conversationKey: conversationKeyOf(context.activity),
      reference: TurnContext.getConversationReference(context.activity),
      channel: context.activity.channelId,
      lang,
      reason,
      context: { service: active?.id ?? null, details },
    });
    ops.onHandoff?.('requested');
    turn.conversation.handoff = 'open';
    turn.conversation.notUnderstood = 0;
    await context.sendActivity(t(lang, 'handoff.queued', { position, minutes: waitMinutes }));
  }

  /** The payment settled after the flow was gone (expired, cancelled): the receipt still reaches the citizen. */
  private async deliverLateReceipt(context: TurnContext, ref: string): Promise<void> {
    const record = await this.deps.engine.transactions.get(ref);
    if (record?.status !== 'completed') return;
    await deliverReceipt(context, record, this.deps.engine.transactions, this.titleOf(record.service));
  }
}

/**
 * The turn's dialogs. Botbuilder's DialogContext builds its dialog memory anew each time it is made
 * (a service collection and its memory scopes); most turns — greetings, questions — have no service
 * running and start none, so the context is made only when a turn needs it. Until then the running
 * service is read from the saved dialog stack; once made, from the context (the same stack, changed
 * in place as dialogs begin and end).
 */
class TurnDialogs {
  private made?: DialogContext;
  private making?: Promise<DialogContext>;

  constructor(
    private readonly stack: readonly DialogInstance[],
    private readonly make: () => Promise<DialogContext>,
  ) {}

  /** The dialog of the running service (the top of the stack), if any. */
  get active(): DialogInstance | undefined {
    return this.made ? this.made.activeDialog : this.stack[0];
  }

  context(): Promise<DialogContext> {
    this.making ??= this.make().then((dc) => (this.made = dc));
    return this.making;
  }
}

export { DialogTurnStatus };
