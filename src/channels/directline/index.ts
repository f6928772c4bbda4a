import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChannelMount } from '../types';
import { ConversationStore } from './conversationStore';
import { DirectLineAdapter, WEBCHAT_CHANNEL_ID } from './directLineAdapter';
import { DirectLineService } from './directLineService';
import { PushHub } from './pushHub';
import { mountDirectLineRoutes } from './routes';
import { DirectLineStreams } from './stream';
import { TokenSigner } from './tokens';

export { DirectLineAdapter, WEBCHAT_CHANNEL_ID } from './directLineAdapter';
export { TokenSigner, TokenRejectedError } from './tokens';

export interface DirectLineOptions {
  /** Token lifetime; clients refresh halfway (directlinejs every 15 minutes). Default 30 minutes. */
  tokenTtlSeconds?: number;
  /** Activities kept per conversation (older ones drop off). Default 100. */
  historyCap?: number;
  /** New conversations per client address per minute. Default 60 (behind a proxy every citizen shares one address: raise it or limit at the proxy). */
  generateLimitPerMinute?: number;
  maxTextLength?: number;
  maxSocketsPerConversation?: number;
  heartbeatMs?: number;
  /** Clock for token expiry and the new-conversation limit (tests). */
  now?: () => number;
}

/**
 * A self-hosted subset of Direct Line 3.0 for the web chat page (and Microsoft's own Direct Line
 * clients): tokens, conversations, activities with watermarks and a WebSocket stream.
 */
export function createDirectLineMount(options: DirectLineOptions = {}): ChannelMount {
  return (server, deps) => {
    const { backend, logger, config } = deps;
    const apiBase = `${deps.publicUrl}/v3/directline`;
    const signerReady = TokenSigner.fromStore(backend.kv, options.now);
    signerReady.catch((err) => logger.error({ err }, 'directline signing key unavailable'));
    const signer = () => signerReady;

    const store = new ConversationStore(backend.kv, backend.lock, {
      ttlSeconds: config.CONVERSATION_TTL_SECONDS,
      historyCap: options.historyCap ?? 100,
    });
    const hub = new PushHub(backend.redis, logger);
    const adapter = new DirectLineAdapter({
      store,
      hub,
      runTurn: deps.runTurn,
      serviceUrl: apiBase,
      defaultLang: config.DEFAULT_LANGUAGE,
      logger,
    });
    // The payment receipt arrives later as a proactive turn: it opens on this adapter, so it is
    // stored in the conversation's history and pushed to the page.
    deps.proactive.register(WEBCHAT_CHANNEL_ID, (reference, logic) => adapter.continueConversation(reference, logic));
    // "Delete my data" also forgets the page's transcript.
    deps.privacy.onErase(async ({ channelId, conversationId }) => {
      if (channelId === WEBCHAT_CHANNEL_ID) await store.clearHistory(conversationId);
    });

    const service = new DirectLineService({
      signer,
      store,
      adapter,
      kv: backend.kv,
      streamBase: apiBase.replace(/^http/, 'ws'),
      serviceUrl: apiBase,
      options: { tokenTtlSeconds: options.tokenTtlSeconds ?? 30 * 60, maxTextLength: options.maxTextLength ?? 2000 },
    });

    mountDirectLineRoutes(server, {
      service,
      signer,
      kv: backend.kv,
      logger,
      generateLimitPerMinute: options.generateLimitPerMinute ?? 60,
      now: options.now ?? Date.now,
    });

    const streams = new DirectLineStreams({
      signer,
      store,
      hub,
      logger,
      options: { maxSocketsPerConversation: options.maxSocketsPerConversation ?? 5, heartbeatMs: options.heartbeatMs ?? 30_000 },
    });
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => streams.handleUpgrade(request, socket, head);
    server.server.on('upgrade', onUpgrade);

    // Open WebSockets hold server.close() until they end, and the app calls channel closers only after
    // that: close the streams as soon as the server starts closing.
    const httpServer = server.server;
    const originalClose = httpServer.close.bind(httpServer);
    let closed: Promise<void> | undefined;
    const closeStreams = () => (closed ??= Promise.all([streams.close(), hub.close()]).then(() => undefined));
    httpServer.close = ((callback?: (err?: Error) => void) => {
      void closeStreams();
      return originalClose(callback);
    }) as typeof httpServer.close;

    return {
      close: async () => {
        server.server.off('upgrade', onUpgrade);
        await closeStreams();
      },
    };
  };
}

export const mountDirectLine: ChannelMount = createDirectLineMount();
