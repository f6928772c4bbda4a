import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify, { type Server } from 'restify';
import { KhidmatBot, TURN_LANG, type TurnRouter } from './bot/khidmatBot';
import { createUnderstander } from './bot/nluUnderstander';
import { ProactiveDelivery } from './bot/proactive';
import { RootRouter } from './bot/rootRouter';
import type { Understander } from './bot/understanding';
import type { ChannelMount } from './channels/types';
import type { Config } from './config';
import { t } from './i18n/catalog';
import { isLang } from './i18n/lang';
import { logger as defaultLogger, type Logger } from './observability/logger';
import { InFlight, mountBotRoutes } from './server/app';
import { createStateBackend, type StateBackend } from './state/backend';
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
  logger: Logger;
  /** Stops accepting, lets turns in flight finish, closes storage. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  understander?: Understander;
  router?: TurnRouter;
  keyPrefix?: string;
  /** Port to bind (default config.PORT; 0 = any free port, as tests do). */
  port?: number;
  /** Extra channels to mount (tests of a channel mount only theirs). */
  channels?: ChannelMount[];
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

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.PORT, () => resolve((server.address() as { port: number }).port));
  });
  const publicUrl = (config.PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const runtimeConfig: Config = { ...config, publicUrl };

  const conversationState = new SafeBotState(backend.storage, conversationStateKey);
  const userState = new SafeBotState(backend.storage, userStateKey);
  const bot = new KhidmatBot({
    conversationState,
    userState,
    understander: options.understander ?? (await createUnderstander(runtimeConfig)),
    router: options.router ?? new RootRouter(),
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
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, conversation: context.activity.conversation?.id }, 'turn failed');
    const settled = context.turnState.get(TURN_LANG);
    const lang = isLang(settled) ? settled : config.DEFAULT_LANGUAGE;
    const text = error instanceof StaleWriteError ? t(lang, 'error.busy') : t(lang, 'error.generic');
    await context.sendActivity(text).catch(() => undefined);
  };

  const runBot = (context: TurnContext) => bot.run(context);
  const proactive = new ProactiveDelivery({ adapter, appId: config.MicrosoftAppId ?? '', lock: backend.lock, runBot, logger });
  const inFlight = new InFlight();
  mountBotRoutes(server, { adapter, bot, backend, logger, inFlight });

  const closers: Array<() => Promise<void> | void> = [];
  for (const mount of options.channels ?? []) {
    const mounted = mount(server, {
      config: runtimeConfig,
      publicUrl,
      backend,
      proactive,
      logger,
      runTurn: (context) => inFlight.track(() => backend.lock.run(`${context.activity.channelId}:${context.activity.conversation?.id}`, () => bot.run(context))),
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
    logger,
    close: async () => {
      await new Promise<void>((resolve) => {
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; idle ones can go now, busy ones finish their turn.
        server.server.closeIdleConnections?.();
      });
      await inFlight.idle();
      for (const close of closers) await close();
      await backend.close();
    },
  };
}
