import type { Activity } from 'botbuilder';
import type { ConversationLock } from '../../state/conversationLock';
import type { KeyValueStore } from '../../state/keyValueStore';

/** One Direct Line conversation as stored: who owns it and its recent activities, newest last. */
export interface StoredConversation {
  userId: string;
  createdAt: string;
  /** Sequence number of the last activity ever appended (the watermark). */
  seq: number;
  /** Whether the bot has been told the citizen joined (the welcome runs once). */
  started: boolean;
  activities: Activity[];
}

/** An activity once stored: it has its Direct Line id. */
export type StoredActivity = Activity & { id: string };

/** A page of activities and the watermark to ask from next time. */
export interface ActivitySet {
  activities: Activity[];
  watermark: string;
}

export class ConversationNotFoundError extends Error {
  constructor() {
    super('Direct Line conversation not found (never started, or expired)');
    this.name = 'ConversationNotFoundError';
  }
}

/**
 * Conversations and their history in the shared key-value store (memory, or Redis so a restart or
 * another instance resumes them). One key per conversation, capped at `historyCap` activities and
 * expiring `ttlSeconds` after its last activity — the same idle lifetime as the bot's own state.
 * Appends take a short lock so a citizen's message and the bot's reply never overwrite each other.
 */
export class ConversationStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly lock: ConversationLock,
    private readonly options: { ttlSeconds: number; historyCap: number },
  ) {}

  async create(conversationId: string, userId: string): Promise<StoredConversation> {
    const conversation: StoredConversation = { userId, createdAt: new Date().toISOString(), seq: 0, started: false, activities: [] };
    const created = await this.kv.setIfAbsent(this.key(conversationId), JSON.stringify(conversation), this.options.ttlSeconds);
    if (!created) throw new Error('Direct Line conversation id collision');
    return conversation;
  }

  async get(conversationId: string): Promise<StoredConversation | undefined> {
    const raw = await this.kv.get(this.key(conversationId));
    return raw ? (JSON.parse(raw) as StoredConversation) : undefined;
  }

  /** Activities after `watermark` (all retained ones when it is empty or not a number). */
  async since(conversationId: string, watermark: string | undefined): Promise<ActivitySet> {
    const conversation = await this.get(conversationId);
    if (!conversation) throw new ConversationNotFoundError();
    return sliceSince(conversation, watermark);
  }

  /**
   * Stores the activity under the next sequence number and returns it with its Direct Line id.
   * `announce` runs while the append still holds the lock, so streams receive activities in order.
   */
  async append(conversationId: string, activity: Partial<Activity>, announce?: (set: ActivitySet) => Promise<void>): Promise<StoredActivity> {
    let stored: StoredActivity | undefined;
    await this.update(
      conversationId,
      (conversation) => {
        conversation.seq += 1;
        stored = { ...activity, id: activityId(conversationId, conversation.seq) } as StoredActivity;
        conversation.activities.push(stored);
        if (conversation.activities.length > this.options.historyCap) {
          conversation.activities.splice(0, conversation.activities.length - this.options.historyCap);
        }
      },
      async (conversation) => announce?.({ activities: [stored!], watermark: String(conversation.seq) }),
    );
    return stored!;
  }

  /** Marks the conversation started; true only for the caller that flipped it (the welcome runs once). */
  async markStarted(conversationId: string): Promise<boolean> {
    return this.update(conversationId, (conversation) => {
      if (conversation.started) return false;
      conversation.started = true;
      return true;
    });
  }

  /** Forgets the transcript ("delete my data"); the conversation itself stays usable, its watermark counting on. */
  async clearHistory(conversationId: string): Promise<void> {
    await this.update(conversationId, (conversation) => {
      conversation.activities = [];
    }).catch((err) => {
      if (!(err instanceof ConversationNotFoundError)) throw err;
    });
  }

  /** Keeps an idle-but-open conversation alive (token refresh). */
  async touch(conversationId: string): Promise<void> {
    await this.update(conversationId, () => undefined);
  }

  private async update<T>(
    conversationId: string,
    change: (conversation: StoredConversation) => T,
    afterWrite?: (conversation: StoredConversation) => Promise<void>,
  ): Promise<T> {
    return this.lock.run(`directline:${conversationId}`, async () => {
      const conversation = await this.get(conversationId);
      if (!conversation) throw new ConversationNotFoundError();
      const result = change(conversation);
      await this.kv.set(this.key(conversationId), JSON.stringify(conversation), this.options.ttlSeconds);
      await afterWrite?.(conversation);
      return result;
    });
  }

  private key(conversationId: string): string {
    return `directline:conv:${conversationId}`;
  }
}

/** Microsoft's service numbers activities `<conversationId>|<seq>`; clients treat ids as opaque. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

export function sequenceOf(activity: Pick<Activity, 'id'>): number {
  return Number(activity.id?.split('|').pop() ?? 0);
}

function sliceSince(conversation: StoredConversation, watermark: string | undefined): ActivitySet {
  const after = watermark && /^\d+$/.test(watermark) ? Number(watermark) : 0;
  return {
    activities: conversation.activities.filter((activity) => sequenceOf(activity) > after),
    watermark: String(conversation.seq),
  };
}
