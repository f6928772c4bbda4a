import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { KhidmatBot, TURN_LANG, type TurnRouter } from './bot/khidmatBot';
import { RootRouter } from './bot/rootRouter';
import type { Understander } from './bot/understanding';
import type { Config } from './config';
import { t } from './i18n/catalog';
import { isLang } from './i18n/lang';
import { logger as defaultLogger, type Logger } from './observability/logger';
import { createServer, type InFlight } from './server/app';
import { createStateBackend, type StateBackend } from './state/backend';
import { StaleWriteError } from './state/storageErrors';
import { conversationStateKey, SafeBotState, userStateKey } from './state/safeBotState';
import { createUnderstander } from './bot/nluUnderstander';

export interface Khidmat {
  config: Config;
  server: Server;
  backend: StateBackend;
  adapter: CloudAdapter;
  logger: Logger;
  /** Starts listening; resolves with the bound port (PORT=0 picks a free one, as tests do). */
  listen(port?: number): Promise<number>;
  /** Stops accepting, lets turns in flight finish, closes storage. */
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  understander?: Understander;
  router?: TurnRouter;
  keyPrefix?: string;
}

/** Wires every room together from a validated Config. main.ts and the tests both start here. */
export async function buildKhidmat(config: Config, options: BuildOptions = {}): Promise<Khidmat> {
  const logger = options.logger ?? defaultLogger;
  const backend = await createStateBackend(config, logger, { keyPrefix: options.keyPrefix });
  const conversationState = new SafeBotState(backend.storage, conversationStateKey);
  const userState = new SafeBotState(backend.storage, userStateKey);

  const bot = new KhidmatBot({
    conversationState,
    userState,
    understander: options.understander ?? (await createUnderstander(config)),
    router: options.router ?? new RootRouter(),
    defaultLang: config.DEFAULT_LANGUAGE,
    privacyUrl: `${config.publicUrl}/privacy`,
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

  const { server, inFlight } = createServer({ adapter, bot, backend, logger });

  return {
    config,
    server,
    backend,
    adapter,
    logger,
    listen: (port = config.PORT) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve((server.address() as { port: number }).port));
      }),
    close: () => shutdown(server, inFlight, backend),
  };
}

async function shutdown(server: Server, inFlight: InFlight, backend: StateBackend): Promise<void> {
  await new Promise<void>((resolve) => {
    if (!server.server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive sockets would hold close() open; idle ones can go now, busy ones finish their turn.
    server.server.closeIdleConnections?.();
  });
  await inFlight.idle();
  await backend.close();
}
