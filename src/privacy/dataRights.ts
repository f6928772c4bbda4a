import type { Storage, TurnContext } from 'botbuilder';
import type { HandoffDesk } from '../handoff/handoffDesk';
import { conversationStateKey, userStateKey, type SafeBotState } from '../state/safeBotState';
import { conversationKeyOf } from '../state/conversationKey';

/** Bump when the privacy notice's content changes; recorded with each citizen's consent. */
export const PRIVACY_NOTICE_VERSION = '2026-11-29';

/** Something else that keeps data about a conversation (a channel's transcript) and can forget it. */
export type ConversationEraser = (conversation: { channelId: string; conversationId: string; userId: string }) => Promise<void>;

/**
 * "padam data saya" / "delete my data": removes what Khidmat holds about the citizen — their
 * profile, this conversation's state (and with it the verified identity and any flow), their place
 * in the officer queue, and channel transcripts. Agency records of completed services are the
 * agency's, not ours, and are not touched. Funnel counts carry no identity, so nothing to erase there.
 */
export class DataRights {
  private readonly erasers: ConversationEraser[] = [];

  constructor(
    private readonly deps: {
      storage: Storage;
      conversationState: SafeBotState;
      userState: SafeBotState;
      handoffs: HandoffDesk;
    },
  ) {}

  registerEraser(eraser: ConversationEraser): void {
    this.erasers.push(eraser);
  }

  async erase(context: TurnContext): Promise<void> {
    const { channelId, conversation, from } = context.activity;
    // delete() drops the cached state too, so the end-of-turn save cannot write it back.
    await this.deps.conversationState.delete(context);
    await this.deps.userState.delete(context);
    await this.deps.storage.delete([conversationStateKey(context), userStateKey(context)]);
    const handoff = await this.deps.handoffs.forConversation(conversationKeyOf(context.activity));
    if (handoff) await this.deps.handoffs.release(handoff.id, { notify: false });
    for (const eraser of this.erasers) await eraser({ channelId, conversationId: conversation?.id ?? '', userId: from?.id ?? '' });
  }
}
