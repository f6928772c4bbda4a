import { ActivityHandlerBase, ActivityTypes, type ChannelAccount, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { t } from '../i18n/catalog';
import type { Lang } from '../i18n/lang';
import type { Logger } from '../observability/logger';
import { PRIVACY_NOTICE_VERSION } from '../privacy/dataRights';
import { SafeBotState } from '../state/safeBotState';
import type { ConversationData, UserProfile } from './conversationData';
import { chooseLanguage } from './languagePolicy';
import { menuReply } from './replies';
import type { TurnUnderstanding, Understander } from './understanding';

/** turnState key under which the settled language of the turn is kept (error handler, outgoing locale). */
export const TURN_LANG = Symbol('khidmat.lang');

export function localeOf(lang: Lang): string {
  return lang === 'ms' ? 'ms-MY' : 'en-MY';
}

/** Everything a turn knows once language and intent are settled; handed to the router. */
export interface Turn {
  context: TurnContext;
  text: string;
  lang: Lang;
  understanding: TurnUnderstanding;
  conversation: ConversationData;
  profile: UserProfile;
  /** Set on the proactive turn that follows a payment callback. */
  paymentRef?: string;
}

const STATEFUL_ACTIVITIES = new Set<string>([ActivityTypes.Message, ActivityTypes.Event, ActivityTypes.ConversationUpdate]);

/** The event a payment callback injects into the conversation (proactively). */
export const PAYMENT_SETTLED_EVENT = 'khidmat.payment.settled';
/** An officer wrote to the citizen from the handoff console. */
export const OFFICER_MESSAGE_EVENT = 'khidmat.handoff.message';
/** The officer handed the conversation back to the bot. */
export const HANDOFF_RELEASED_EVENT = 'khidmat.handoff.released';

/** Decides what to do with an understood message (services, knowledge, handoff). */
export interface TurnRouter {
  route(turn: Turn): Promise<void>;
}

export interface KhidmatBotDeps {
  conversationState: SafeBotState;
  userState: SafeBotState;
  understander: Understander;
  router: TurnRouter;
  defaultLang: Lang;
  privacyUrl: string;
  logger: Logger;
}

/**
 * The turn pipeline: load state → understand → settle the language → welcome once → route → save.
 * Interruptions that apply everywhere (language switch, help) are handled here, in one place;
 * everything else goes to the router. ActivityHandlerBase dispatches by activity type with plain
 * overrides; ActivityHandler's chain of registered handlers cost several percent of a turn for
 * nothing this bot uses.
 */
export class KhidmatBot extends ActivityHandlerBase {
  private readonly conversationData: StatePropertyAccessor<ConversationData>;
  private readonly userProfile: StatePropertyAccessor<UserProfile>;

  constructor(private readonly deps: KhidmatBotDeps) {
    super();
    this.conversationData = deps.conversationState.createProperty<ConversationData>('conversation');
    this.userProfile = deps.userState.createProperty<UserProfile>('profile');
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    await this.handleMessage(context);
  }

  protected override async onEventActivity(context: TurnContext): Promise<void> {
    if (context.activity.name === PAYMENT_SETTLED_EVENT) await this.handlePaymentSettled(context);
    if (context.activity.name === OFFICER_MESSAGE_EVENT || context.activity.name === HANDOFF_RELEASED_EVENT) await this.relayFromOfficer(context);
  }

  /** Someone other than the bot joined (the base class checks): welcome them with the menu. */
  protected override async onMembersAddedActivity(_membersAdded: ChannelAccount[], context: TurnContext): Promise<void> {
    const profile = await this.userProfile.get(context, {});
    const conversation = await this.conversationData.get(context, {});
    const lang = profile.lang ?? this.deps.defaultLang;
    context.turnState.set(TURN_LANG, lang);
    await this.welcome(context, conversation, lang);
  }

  override async run(context: TurnContext): Promise<void> {
    // Every reply carries the conversation's language (not the client's UI locale, which botbuilder
    // copies onto replies), so channels such as the web page can follow it.
    context.onSendActivities(async (ctx, activities, next) => {
      const lang = ctx.turnState.get(TURN_LANG) as Lang | undefined;
      if (lang) for (const activity of activities) activity.locale = localeOf(lang);
      return next();
    });
    // Both documents in one read for the kinds of turn that use them (not typing, reactions…).
    if (STATEFUL_ACTIVITIES.has(context.activity.type)) await SafeBotState.loadAll(context, [this.deps.conversationState, this.deps.userState]);
    // A message straight to its handler, as ActivityHandlerBase.run would dispatch it — but without
    // the two generator-compiled async methods it passes through (see ValidatedActivityAdapter).
    if (context.activity.type === ActivityTypes.Message) await this.onMessageActivity(context);
    else await super.run(context);
    // Both in one write (all or nothing on one Redis server), which may also release the turn's lock (see SafeBotState.saveAll).
    await SafeBotState.saveAll(context, [this.deps.conversationState, this.deps.userState]);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const profile = await this.userProfile.get(context, {});
    const conversation = await this.conversationData.get(context, {});
    profile.firstSeenAt ??= new Date().toISOString();
    const text = (context.activity.text ?? '').trim();
    const previousLang = conversation.lang ?? profile.lang;

    if (!text) {
      await context.sendActivity(t(previousLang ?? this.deps.defaultLang, 'error.unsupportedContent'));
      return;
    }

    const understanding = await this.deps.understander.understand(text, { previousLang });
    const { lang, explicit } = chooseLanguage({
      detected: understanding.lang,
      switchTo: understanding.switchTo,
      profile,
      fallback: this.deps.defaultLang,
    });
    conversation.lang = lang;
    profile.lang = lang;
    context.turnState.set(TURN_LANG, lang);
    if (explicit) profile.langChosen = true;

    const firstContact = !conversation.welcomed;
    if (firstContact) await this.welcome(context, conversation, lang, { withMenu: false });
    profile.privacyNotice ??= { version: PRIVACY_NOTICE_VERSION, shownAt: new Date().toISOString() };
    // Personal data given after the notice was shown: record that consent (when, which notice).
    if (understanding.entities.mykad && !profile.consent) profile.consent = { version: PRIVACY_NOTICE_VERSION, at: new Date().toISOString() };

    if (explicit && understanding.intent === 'switch_language') {
      await context.sendActivity(t(lang, 'language.switched'));
    }
    await this.deps.router.route({ context, text, lang, understanding, conversation, profile });
  }

  private async relayFromOfficer(context: TurnContext): Promise<void> {
    const profile = await this.userProfile.get(context, {});
    const conversation = await this.conversationData.get(context, {});
    const lang = conversation.lang ?? profile.lang ?? this.deps.defaultLang;
    context.turnState.set(TURN_LANG, lang);
    if (context.activity.name === HANDOFF_RELEASED_EVENT) {
      await context.sendActivity(menuReply(lang, t(lang, 'handoff.released')));
      return;
    }
    const text = String((context.activity.value as { text?: unknown } | undefined)?.text ?? '');
    if (text) await context.sendActivity(t(lang, 'handoff.officer', { text }));
  }

  private async handlePaymentSettled(context: TurnContext): Promise<void> {
    const profile = await this.userProfile.get(context, {});
    const conversation = await this.conversationData.get(context, {});
    const lang = conversation.lang ?? profile.lang ?? this.deps.defaultLang;
    context.turnState.set(TURN_LANG, lang);
    const ref = String((context.activity.value as { ref?: unknown } | undefined)?.ref ?? '');
    const understanding: TurnUnderstanding = { lang, intent: 'out_of_scope', confidence: 0, entities: {}, command: null, switchTo: null };
    await this.deps.router.route({ context, text: '', lang, understanding, conversation, profile, paymentRef: ref });
  }

  private async welcome(
    context: TurnContext,
    conversation: ConversationData,
    lang: Lang,
    options: { withMenu?: boolean } = {},
  ): Promise<void> {
    conversation.welcomed = true;
    conversation.startedAt ??= new Date().toISOString();
    await context.sendActivities([
      { type: ActivityTypes.Message, text: t(lang, 'welcome.intro') },
      { type: ActivityTypes.Message, text: t(lang, 'welcome.privacy', { privacyUrl: this.deps.privacyUrl }) },
      options.withMenu === false
        ? { type: ActivityTypes.Message, text: t(lang, 'welcome.language') }
        : { type: ActivityTypes.Message, ...menuReply(lang, t(lang, 'welcome.language')) },
    ]);
  }
}
