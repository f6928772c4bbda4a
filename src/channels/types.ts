import type { TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { ProactiveDelivery } from '../bot/proactive';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { ConversationEraser } from '../privacy/dataRights';
import type { StateBackend } from '../state/backend';

/**
 * What a channel adapter (Telegram, WhatsApp, Direct Line / web chat) gets from the app. A channel
 * turns its payloads into Bot Framework activities, runs them through `runTurn` (which takes the
 * per-conversation lock), and turns the bot's replies back into its own API calls.
 */
export interface ChannelDeps {
  config: Config;
  /** The base URL the app is reachable on (PUBLIC_URL, or the bound address). */
  publicUrl: string;
  /**
   * Runs the bot for one inbound activity under the conversation lock. The caller has already
   * checked authenticity and deduplicated by the channel's own message id.
   */
  runTurn(context: TurnContext): Promise<void>;
  backend: StateBackend;
  proactive: ProactiveDelivery;
  /** A channel that keeps its own transcript registers how to forget it ("delete my data"). */
  privacy: { onErase(eraser: ConversationEraser): void };
  logger: Logger;
}

/** A channel adds its routes to the server; it returns a closer for timers/sockets it holds. */
export type ChannelMount = (server: Server, deps: ChannelDeps) => { close?(): Promise<void> | void } | void;
