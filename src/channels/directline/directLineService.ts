import { ActivityTypes, type Activity } from 'botbuilder';
import type { KeyValueStore } from '../../state/keyValueStore';
import { BOT_ACCOUNT, WEBCHAT_CHANNEL_ID, type DirectLineAdapter } from './directLineAdapter';
import { ConversationNotFoundError, type ActivitySet, type ConversationStore } from './conversationStore';
import { newConversationId, newUserId, type TokenClaims, type TokenSigner } from './tokens';

/** The conversation descriptor Direct Line returns on start, resume and token calls. */
export interface ConversationDescriptor {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

/** The citizen's activity was refused before reaching the bot (400). */
export class BadActivityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadActivityError';
  }
}

export interface DirectLineServiceOptions {
  tokenTtlSeconds: number;
  maxTextLength: number;
}

const MAX_CLIENT_ACTIVITY_ID = 100;

/**
 * The Direct Line 3.0 operations, independent of HTTP: every call that touches a conversation takes
 * the verified claims of a token for that conversation (see TokenSigner.verify), so routes cannot
 * forget the check.
 */
export class DirectLineService {
  constructor(
    private readonly deps: {
      signer: () => Promise<TokenSigner>;
      store: ConversationStore;
      adapter: DirectLineAdapter;
      kv: KeyValueStore;
      /** ws(s)://host/v3/directline — where streams are opened. */
      streamBase: string;
      serviceUrl: string;
      options: DirectLineServiceOptions;
    },
  ) {}

  /** A token for a brand-new conversation (the page's first visit). */
  async generate(): Promise<ConversationDescriptor> {
    const conversationId = newConversationId();
    const userId = newUserId();
    await this.deps.store.create(conversationId, userId);
    return this.descriptor(conversationId, userId);
  }

  /** A fresh token for the same conversation; keeps the conversation alive while the page is open. */
  async refresh(claims: TokenClaims): Promise<ConversationDescriptor> {
    await this.deps.store.touch(claims.conversationId);
    return this.descriptor(claims.conversationId, claims.userId);
  }

  /**
   * Starts the token's conversation, or resumes it. The first start tells the bot the citizen joined
   * (the welcome and the menu). A valid token whose conversation has expired gets it afresh, empty.
   */
  async start(claims: TokenClaims, token: string): Promise<{ created: boolean; conversation: ConversationDescriptor }> {
    const { conversationId, userId } = claims;
    if (!(await this.deps.store.get(conversationId))) {
      await this.deps.store.create(conversationId, userId).catch(() => undefined);
    }
    const created = await this.deps.store.markStarted(conversationId);
    if (created) {
      await this.deps.adapter.processActivity(
        this.inbound(conversationId, userId, {
          type: ActivityTypes.ConversationUpdate,
          membersAdded: [{ id: userId, role: 'user' } as Activity['from']],
        }),
      );
    }
    return { created, conversation: this.descriptorFor(claims, token) };
  }

  /** Reconnect (GET /conversations/:id): a stream URL that picks up from the watermark. */
  async resume(claims: TokenClaims, token: string, watermark: string | undefined): Promise<ConversationDescriptor> {
    if (!(await this.deps.store.get(claims.conversationId))) throw new ConversationNotFoundError();
    return this.descriptorFor(claims, token, watermark);
  }

  async history(claims: TokenClaims, watermark: string | undefined): Promise<ActivitySet> {
    return this.deps.store.since(claims.conversationId, watermark);
  }

  /**
   * Stores the citizen's activity (echoed to their streams), shows typing, and runs the bot. Only
   * messages reach the bot: events are the bot's own (a payment settling) and never come from a browser.
   */
  async post(claims: TokenClaims, body: unknown): Promise<{ id: string }> {
    const { conversationId, userId } = claims;
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (input.type !== ActivityTypes.Message) {
      if (typeof input.type !== 'string') throw new BadActivityError('activity.type is required');
      return { id: '' };
    }
    const text = typeof input.text === 'string' ? input.text : '';
    if (text.length > this.deps.options.maxTextLength) throw new BadActivityError(`text longer than ${this.deps.options.maxTextLength} characters`);
    const clientActivityId = clientActivityIdOf(input);

    // A retry of a message we already took (flaky mobile data): answer with the first id, run nothing twice.
    const dedupeKey = clientActivityId ? `directline:client-activity:${conversationId}:${clientActivityId}` : undefined;
    if (dedupeKey && !(await this.deps.kv.setIfAbsent(dedupeKey, '', 24 * 60 * 60))) {
      return { id: (await this.deps.kv.get(dedupeKey)) ?? '' };
    }

    const activity = this.inbound(conversationId, userId, {
      type: ActivityTypes.Message,
      text,
      textFormat: 'plain',
      locale: typeof input.locale === 'string' && input.locale.length <= 20 ? input.locale : undefined,
      channelData: clientActivityId ? { clientActivityID: clientActivityId } : undefined,
    });
    const stored = await this.deps.store.append(conversationId, activity, (set) => this.deps.adapter.pushSet(conversationId, set));
    if (dedupeKey) await this.deps.kv.set(dedupeKey, stored.id, 24 * 60 * 60);
    await this.deps.adapter.pushTyping(conversationId);
    await this.deps.adapter.processActivity(stored);
    return { id: stored.id };
  }

  private inbound(conversationId: string, userId: string, fields: Partial<Activity>): Activity {
    return {
      ...fields,
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: this.deps.serviceUrl,
      conversation: { id: conversationId },
      // The sender is whoever the token says, never what the body claims.
      from: { id: userId, role: 'user' },
      recipient: BOT_ACCOUNT,
      timestamp: new Date(),
    } as Activity;
  }

  private async descriptor(conversationId: string, userId: string): Promise<ConversationDescriptor> {
    const { token, claims } = (await this.deps.signer()).issue(conversationId, userId, this.deps.options.tokenTtlSeconds);
    return this.descriptorFor(claims, token);
  }

  private descriptorFor(claims: TokenClaims, token: string, watermark?: string): ConversationDescriptor {
    const query = new URLSearchParams();
    if (watermark && /^\d+$/.test(watermark)) query.set('watermark', watermark);
    query.set('t', token);
    return {
      conversationId: claims.conversationId,
      token,
      expires_in: Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000)),
      streamUrl: `${this.deps.streamBase}/conversations/${encodeURIComponent(claims.conversationId)}/stream?${query}`,
    };
  }
}

function clientActivityIdOf(input: Record<string, unknown>): string | undefined {
  const channelData = input.channelData as { clientActivityID?: unknown } | undefined;
  const id = channelData?.clientActivityID;
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_CLIENT_ACTIVITY_ID ? id : undefined;
}
