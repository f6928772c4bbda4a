/**
 * The name of a conversation across the shared state: its turn lock, its handled-message marks and
 * its entry in the officers' queue. One function, so a value read under one of these names (the queue
 * key read along with the lock) is always the same conversation's.
 */
export function conversationKeyOf(activity: { channelId?: string; conversation?: { id?: string } }): string {
  return `${activity.channelId ?? ''}:${activity.conversation?.id}`;
}
