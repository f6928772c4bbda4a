import { BotState, calculateChangeHash, type Storage, type TurnContext } from 'botbuilder';
import { CREATE_ONLY } from './storageErrors';

type CachedState = { state: Record<string, unknown> & { eTag?: string }; hash: string };

/**
 * BotState that writes back with the eTag it read (botbuilder's own saveChanges always writes '*',
 * last write wins). A document that was absent is written create-only. If another writer got there
 * first the storage throws StaleWriteError instead of silently discarding their change.
 */
export class SafeBotState extends BotState {
  constructor(storage: Storage, storageKey: (context: TurnContext) => string) {
    super(storage, (context) => Promise.resolve(storageKey(context)));
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const stateKey = (this as unknown as { stateKey: symbol }).stateKey;
    const cached = context.turnState.get(stateKey) as CachedState | undefined;
    if (!cached || (!force && cached.hash === calculateChangeHash(cached.state))) return;
    const key = await this.storageKey(context);
    const document = { ...cached.state, eTag: cached.state.eTag ?? CREATE_ONLY };
    // Our storages write the new eTag back into the document they were given (see MemoryStorage).
    await this.storage.write({ [key]: document });
    context.turnState.set(stateKey, { state: document, hash: calculateChangeHash(document) });
  }
}

export function conversationStateKey(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  return `${channelId}/conversations/${conversation?.id}/`;
}

export function userStateKey(context: TurnContext): string {
  const { channelId, from } = context.activity;
  return `${channelId}/users/${from?.id}/`;
}
