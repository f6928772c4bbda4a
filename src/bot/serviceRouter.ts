import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
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
import type { SafeBotState } from '../state/safeBotState';
import type { Turn, TurnRouter } from './khidmatBot';
import { MENU, menuReply, serviceFromMenuLabel, withChoices } from './replies';

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

/**
 * Decides what each message is for. Interruptions (cancel, menu, help, language) apply everywhere;
 * a running service gets the message first; what it does not take as an answer (a side question, a
 * new request) is handled here and the service's question is asked again. Adding a service never
 * touches this file: every definition in dialogs/ with a flow becomes a dialog.
 */
export class ServiceRouter implements TurnRouter {
  private readonly dialogs: DialogSet;
  private readonly byId = new Map<ServiceId, RunnableService>();

  constructor(
    private readonly deps: {
      services: readonly ServiceDefinition[];
      conversationState: SafeBotState;
      engine: Omit<FlowEngineDeps, 'verified'>;
      knowledge?: KnowledgePort;
    },
  ) {
    const dialogState: StatePropertyAccessor<DialogState> = deps.conversationState.createProperty('dialogs');
    const identity: StatePropertyAccessor<VerifiedIdentity | undefined> = deps.conversationState.createProperty('identity');
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
    const dc = await this.dialogs.createContext(context);
    const active = dc.activeDialog?.id as ServiceId | undefined;

    if (turn.paymentRef) {
      if (active) await dc.continueDialog();
      if (!dc.activeDialog || dc.activeDialog.id !== active) await this.deliverLateReceipt(context, turn.paymentRef);
      return;
    }

    switch (understanding.command) {
      case 'cancel':
      case 'menu':
      case 'restart':
        if (active) {
          await this.deps.engine.funnel.record({ service: active, lang, stage: 'abandoned', reason: 'CANCELLED' });
          await dc.cancelAllDialogs();
          await context.sendActivity(menuReply(lang, `${t(lang, 'flow.cancelled')} ${t(lang, 'menu.prompt')}`));
        } else {
          await context.sendActivity(menuReply(lang, understanding.command === 'cancel' ? `${t(lang, 'flow.nothingToCancel')} ${t(lang, 'menu.prompt')}` : undefined));
        }
        return;
      case 'help':
        await context.sendActivity(menuReply(lang, t(lang, 'help.text')));
        if (active) await dc.repromptDialog();
        return;
    }

    if (understanding.intent === 'switch_language' && understanding.switchTo) {
      if (active) await dc.repromptDialog();
      else await context.sendActivity(menuReply(lang));
      return;
    }

    const tapped = serviceFromMenuLabel(turn.text);
    if (active && !tapped) {
      const result = await dc.continueDialog();
      if (!context.turnState.get(NOT_AN_ANSWER)) return;
      // Not an answer to the flow's question: handle it, then come back to the question.
      const wanted = this.requestedService(understanding.intent);
      if (wanted && wanted !== active) {
        await this.deps.engine.funnel.record({ service: active, lang, stage: 'abandoned', reason: 'SWITCHED' });
        await dc.cancelAllDialogs();
        await context.sendActivity(fill(catalog['flow.switching'][lang], { from: this.titleOf(active)[lang], to: this.titleOf(wanted)[lang] }));
        await dc.beginDialog(wanted, { entities: understanding.entities, quiet: true } satisfies FlowStartOptions);
        return;
      }
      await this.handleOutsideFlow(turn, dc, { resumeAfter: true });
      void result;
      return;
    }

    if (!tapped && PAID_WORDS.test(turn.text.trim())) {
      // "dah bayar" with nothing awaiting payment (the receipt already came): do not start a new service.
      await context.sendActivity(menuReply(lang, `${t(lang, 'payment.nothingPending')} ${t(lang, 'menu.prompt')}`));
      return;
    }
    const service = tapped ?? this.requestedService(understanding.intent);
    if (service) {
      if (active) await dc.cancelAllDialogs();
      const status = (await dc.beginDialog(service, { entities: tapped ? {} : understanding.entities } satisfies FlowStartOptions)).status;
      void status;
      return;
    }
    await this.handleOutsideFlow(turn, dc, { resumeAfter: false });
  }

  private requestedService(intent: string): ServiceId | undefined {
    return (SERVICE_IDS as readonly string[]).includes(intent) && this.byId.has(intent as ServiceId) ? (intent as ServiceId) : undefined;
  }

  private async handleOutsideFlow(turn: Turn, dc: Awaited<ReturnType<DialogSet['createContext']>>, options: { resumeAfter: boolean }): Promise<void> {
    const { context, lang, understanding } = turn;
    switch (understanding.intent) {
      case 'faq':
        await this.answerQuestion(turn, !options.resumeAfter);
        break;
      case 'handoff':
        await context.sendActivity(withChoices(t(lang, 'handoff.intro'), [t(lang, 'menu.appointment')]));
        break;
      case 'greeting':
        if (!options.resumeAfter) await context.sendActivity(menuReply(lang));
        break;
      default:
        if (!options.resumeAfter) await context.sendActivity(menuReply(lang, t(lang, 'fallback.notUnderstood')));
        else if (this.deps.knowledge) await this.answerQuestion(turn, false);
    }
    if (options.resumeAfter && dc.activeDialog) await dc.repromptDialog();
  }

  private async answerQuestion(turn: Turn, offerService: boolean): Promise<void> {
    const { context, lang } = turn;
    if (!this.deps.knowledge) {
      await context.sendActivity(menuReply(lang, t(lang, 'fallback.notUnderstood')));
      return;
    }
    // The answer already names its source (title and link) in the citizen's language.
    const answer = await this.deps.knowledge.ask(turn.text, { lang });
    await context.sendActivity(answer.answer);
    if (offerService && answer.grounded && answer.service && this.byId.has(answer.service)) {
      const title = this.titleOf(answer.service)[lang];
      await context.sendActivity(withChoices(fill(catalog['knowledge.offerService'][lang], { service: title }), [this.menuLabelOf(answer.service, lang) ?? title]));
    }
  }

  private menuLabelOf(service: ServiceId, lang: Lang): string | undefined {
    const entry = MENU.find((item) => item.service === service);
    return entry ? t(lang, entry.label) : undefined;
  }

  /** The payment settled after the flow was gone (expired, cancelled): the receipt still reaches the citizen. */
  private async deliverLateReceipt(context: TurnContext, ref: string): Promise<void> {
    const record = await this.deps.engine.transactions.get(ref);
    if (record?.status !== 'completed') return;
    await deliverReceipt(context, record, this.deps.engine.transactions, this.titleOf(record.service));
  }
}

export { DialogTurnStatus };
