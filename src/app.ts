import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import restify, { type Server } from 'restify';
import { HANDOFF_RELEASED_EVENT, KhidmatBot, OFFICER_MESSAGE_EVENT, PAYMENT_SETTLED_EVENT, TURN_LANG, type TurnRouter } from './bot/khidmatBot';
import { createUnderstander } from './bot/nluUnderstander';
import { ProactiveDelivery } from './bot/proactive';
import { ServiceRouter } from './bot/serviceRouter';
import { services } from '../dialogs';
import { createAgencyClients, sandboxAgencyUrls, type AgencyClients } from './agencies';
import { Settlement } from './flows/settlement';
import { TransactionStore } from './flows/transactions';
import { explainAgencyError, identityPort, isVerificationExpired, paymentPort } from './flows/wiring';
import { createKnowledge } from './knowledge';
import { mountAdmin } from './admin/routes';
import { HandoffDesk } from './handoff/handoffDesk';
import { OfficeHours } from './handoff/officeHours';
import { Funnel } from './observability/funnel';
import { Metrics } from './observability/metrics';
import { SatisfactionRatings } from './observability/satisfaction';
import { UnansweredQuestions } from './observability/unanswered';
import { DataRights } from './privacy/dataRights';
import { createSandbox, type Sandbox } from './sandbox';
import { mountPaymentCallback } from './server/paymentCallback';
import { mountRateLimits, type RateLimitOptions } from './server/rateLimit';
import { BotAuthentication, ValidatedActivityAdapter } from './server/botAuthentication';
import type { Understander } from './bot/understanding';
import { mountDirectLine } from './channels/directline';
import { mountTelegram } from './channels/telegram';
import type { ChannelMount } from './channels/types';
import { mountWebChat } from './channels/webchat';
import { mountWhatsApp } from './channels/whatsapp';
import type { Config } from './config';
import { t } from './i18n/catalog';
import { isLang } from './i18n/lang';
import { logger as defaultLogger, type Logger } from './observability/logger';
import { InFlight, mountBotRoutes } from './server/app';
import { createStateBackend, type StateBackend } from './state/backend';
import { LockTimeoutError } from './state/conversationLock';
import { conversationKeyOf } from './state/conversationKey';
import { conversationStateKey, SafeBotState, userStateKey } from './state/safeBotState';
import { StaleWriteError } from './state/storageErrors';

export interface Khidmat {
  config: Config;
  server: Server;
  port: number;
  publicUrl: string;
  backend: StateBackend;
  adapter: CloudAdapter;
  bot: KhidmatBot;
  proactive: ProactiveDelivery;
  agencies: AgencyClients;
  funnel: Funnel;
  transactions: TransactionStore;
  settlement: Settlement;
  /** The embedded sandbox, when the agency URLs are not configured. */
  sandbox?: Sandbox;
  metrics: Metrics;
  handoffs: HandoffDesk;
  dataRights: DataRights;
  logger: Logger;
  /** Stops accepting, lets turns in flight finish, closes storage. */
  close(): Promise<void>;
}

const DEFAULT_CHANNELS: ChannelMount[] = [mountWebChat, mountDirectLine, mountTelegram, mountWhatsApp];

export interface StartOptions {
  logger?: Logger;
  understander?: Understander;
  router?: TurnRouter;
  keyPrefix?: string;
  /** Port to bind (default config.PORT; 0 = any free port, as tests do). */
  port?: number;
  /** Extra channels to mount (tests of a channel mount only theirs). */
  channels?: ChannelMount[];
  /** Override the rate limits (the benchmark lifts the per-address one: all its load is one address). */
  rateLimits?: Partial<RateLimitOptions>;
  /** Where the keys that sign Bot Framework tokens are published (a sovereign cloud's own; a test's fake). */
  botFrameworkOpenIdMetadataUrl?: string;
}

/**
 * Wires every room together from a validated Config and starts listening. Binding comes first so
 * that, with PORT=0 and no PUBLIC_URL, links and the embedded sandbox's URLs use the real port.
 * main.ts, the chat CLI and the tests all start here.
 */
export async function startKhidmat(config: Config, options: StartOptions = {}): Promise<Khidmat> {
  const logger = options.logger ?? defaultLogger;
  const backend = await createStateBackend(config, logger, { keyPrefix: options.keyPrefix });
  const server = restify.createServer({ name: 'khidmat', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // The raw bytes are kept (req.rawBody) for signature checks (WhatsApp, payment callbacks).
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));
  // Per citizen and per address; Bot Framework traffic all comes from Microsoft's connector when authenticated.
  const rateLimits = mountRateLimits(server, { kv: backend.kv, logger, options: { botFrameworkAuth: Boolean(config.MicrosoftAppId), ...options.rateLimits } });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.PORT, () => resolve((server.address() as { port: number }).port));
  });
  const publicUrl = (config.PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const runtimeConfig: Config = { ...config, publicUrl };

  // The embedded sandbox stands in for any agency whose URL is not configured.
  const embedded = sandboxAgencyUrls(publicUrl);
  const needsSandbox = !(config.JPJ_API_URL && config.JIM_API_URL && config.PAYMENT_API_URL && config.IDENTITY_API_URL);
  const sandbox = needsSandbox ? createSandbox({ today: config.SANDBOX_TODAY, callbackSecret: config.PAYMENT_CALLBACK_SECRET, publicUrl, logger }) : undefined;
  sandbox?.mount(server);
  const metrics = new Metrics();
  // Inside a citizen's turn an agency gets 3 s and one retry, so a turn stays well inside a channel's timeout.
  const agencies = createAgencyClients({
    onCall: metrics.recordAgencyCall,
    logger,
    jpjUrl: config.JPJ_API_URL ?? embedded.jpjUrl,
    jimUrl: config.JIM_API_URL ?? embedded.jimUrl,
    paymentUrl: config.PAYMENT_API_URL ?? embedded.paymentUrl,
    identityUrl: config.IDENTITY_API_URL ?? embedded.identityUrl,
    timeoutMs: 3_000,
    retries: 1,
  });

  const funnel = new Funnel(backend.kv);
  funnel.onEvent(metrics.recordFunnel);
  const unanswered = new UnansweredQuestions(backend.kv);
  const satisfaction = new SatisfactionRatings(backend.kv);
  // Officer messages reach the citizen like any later message: a proactive turn on their channel.
  let deliverToCitizen: (reference: Parameters<ProactiveDelivery['sendEvent']>[0], name: string, value: unknown) => Promise<void> = async () => undefined;
  const handoffs = new HandoffDesk(backend.kv, new OfficeHours(config.OFFICE_HOURS), (handoff, event, text) =>
    deliverToCitizen(handoff.reference, event === 'message' ? OFFICER_MESSAGE_EVENT : HANDOFF_RELEASED_EVENT, { text }),
  );
  const transactions = new TransactionStore(backend.kv);
  const conversationState = new SafeBotState(backend.storage, conversationStateKey);
  const userState = new SafeBotState(backend.storage, userStateKey);
  const knowledge = await createKnowledge(
    config.llmEnabled
      ? { openai: { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL, embeddingsModel: config.OPENAI_EMBEDDINGS_MODEL } }
      : {},
  );
  const payments = paymentPort(agencies);
  let router: ServiceRouter | undefined;
  const settlement = new Settlement({ transactions, payments, funnel, agencies, logger, flowOf: (id) => router?.flowOf(id) });
  const dataRights = new DataRights({ storage: backend.storage, conversationState, userState, handoffs });
  router = new ServiceRouter({
    services,
    conversationState,
    knowledge,
    retention: { conversationSeconds: config.CONVERSATION_TTL_SECONDS, userSeconds: config.USER_TTL_SECONDS },
    operations: {
      handoffs,
      dataRights,
      satisfaction,
      unanswered,
      onHandoff: (event) => metrics.handoffs.inc({ event }),
      onUnanswered: (lang) => metrics.unanswered.inc({ lang }),
    },
    engine: {
      agencies,
      identity: identityPort(agencies),
      payments,
      transactions,
      settlement,
      funnel,
      callbackUrl: `${publicUrl}/api/payments/callback`,
      returnUrl: `${publicUrl}/`,
      today: () => (sandbox ? new Date(`${sandbox.clock.today()}T00:00:00Z`) : new Date()),
      logger,
      explainError: explainAgencyError,
      isVerificationExpired,
    },
  });
  const bot = new KhidmatBot({
    conversationState,
    userState,
    understander: options.understander ?? (await createUnderstander(runtimeConfig)),
    router: options.router ?? router,
    defaultLang: config.DEFAULT_LANGUAGE,
    privacyUrl: `${publicUrl}/privacy`,
    logger,
  });

  // An empty MicrosoftAppId leaves the endpoint open for local use (Emulator, tests); set it and
  // every request must carry a valid Bot Framework JWT.
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    ...(options.botFrameworkOpenIdMetadataUrl ? publicCloudWithKeysAt(options.botFrameworkOpenIdMetadataUrl) : {}),
  });
  const adapter = new ValidatedActivityAdapter(new BotAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, conversation: context.activity.conversation?.id }, 'turn failed');
    const settled = context.turnState.get(TURN_LANG);
    const key = error instanceof StaleWriteError || error instanceof LockTimeoutError ? 'error.busy' : 'error.generic';
    // When the turn failed before its language was known (storage down), say it in both.
    const text = isLang(settled) ? t(settled, key) : `${t('ms', key)}\n\n${t('en', key)}`;
    await context.sendActivity(text).catch(() => undefined);
  };

  const runBot = (context: TurnContext) => bot.run(context);
  const proactive = new ProactiveDelivery({ adapter, appId: config.MicrosoftAppId ?? '', lock: backend.lock, runBot, logger });
  deliverToCitizen = (reference, name, value) => proactive.sendEvent(reference, name, value);
  const inFlight = new InFlight();
  mountBotRoutes(server, {
    adapter,
    bot,
    backend,
    logger,
    inFlight,
    metrics,
    rateLimitsOf: rateLimits.deferredFor,
    // Ready = storage answers and the agencies answer a cheap public read (their directories).
    readinessChecks: {
      jpj: async () => void (await agencies.jpj.appointments.branches()),
      jim: async () => void (await agencies.jim.collectionOffices()),
    },
  });
  if (config.ADMIN_TOKEN) {
    mountAdmin(server, {
      token: config.ADMIN_TOKEN,
      publicUrl,
      funnel,
      titleOf: (id) => router!.titleOf(id),
      unanswered,
      satisfaction,
      handoffs,
      kv: backend.kv,
      transactions,
      settlement,
      metrics,
      // A receipt, or an officer's word on a refund, reaches the citizen like the callback's receipt does.
      onSettled: (record) => proactive.sendEvent(record.conversation, PAYMENT_SETTLED_EVENT, { ref: record.ref }),
      tellCitizen: (record, text) => proactive.sendEvent(record.conversation, OFFICER_MESSAGE_EVENT, { text }),
      logger,
    });
  }
  mountPaymentCallback(server, {
    secret: config.PAYMENT_CALLBACK_SECRET,
    settlement,
    logger,
    // The receipt (or "payment failed") reaches the citizen in their conversation, on their channel.
    onSettled: (record) => proactive.sendEvent(record.conversation, PAYMENT_SETTLED_EVENT, { ref: record.ref }),
  });
  // Paid but not completed (a crash between payment and issuance, an agency outage): finish them.
  const reconcile = () => void settlement.reconcile().then(
    (done) => Promise.all(done.map((record) => proactive.sendEvent(record.conversation, PAYMENT_SETTLED_EVENT, { ref: record.ref }))),
    (err) => logger.warn({ err }, 'reconciliation failed'),
  );
  reconcile();
  // Every 20 s: a lease left by a crashed instance (15 s) has run out by the next round.
  const reconciler = setInterval(reconcile, 20_000);
  reconciler.unref();

  const closers: Array<() => Promise<void> | void> = [];
  // Each channel mounts only when its credentials are configured.
  for (const mount of options.channels ?? DEFAULT_CHANNELS) {
    const mounted = mount(server, {
      config: runtimeConfig,
      publicUrl,
      backend,
      proactive,
      privacy: { onErase: (eraser) => dataRights.registerEraser(eraser) },
      logger,
      runTurn: (context) => inFlight.track(() => backend.lock.run(conversationKeyOf(context.activity), () => bot.run(context))),
    });
    if (mounted?.close) closers.push(() => mounted.close!());
  }

  return {
    config: runtimeConfig,
    server,
    port,
    publicUrl,
    backend,
    adapter,
    bot,
    proactive,
    agencies,
    funnel,
    transactions,
    settlement,
    sandbox,
    metrics,
    handoffs,
    dataRights,
    logger,
    close: async () => {
      clearInterval(reconciler);
      // Channels first: their open sockets (the web chat stream) would otherwise hold server.close().
      for (const close of closers) await close();
      await new Promise<void>((resolve) => {
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; idle ones can go now, busy ones finish their turn.
        server.server.closeIdleConnections?.();
      });
      await inFlight.idle();
      sandbox?.close();
      await backend.close();
    },
  };
}

/** Botbuilder takes either no endpoint at all or every one: the public cloud's, keys read elsewhere. */
function publicCloudWithKeysAt(openIdMetadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
