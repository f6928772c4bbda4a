import { describe, expect, it } from 'vitest';
import { asBotActivity, inboundActivity } from '../../src/server/activityBody';

const base = { type: 'message', channelId: 'test', conversation: { id: 'c' }, from: { id: 'u' }, deliveryMode: 'expectReplies' };

describe('asBotActivity (what the route hands to botbuilder)', () => {
  it('turns the wire time stamps into Dates and keeps the text as sent, as CloudAdapter.process does', () => {
    const wire = inboundActivity.parse({ ...base, timestamp: '2026-11-29T08:00:00.123Z', localTimestamp: '2026-11-29T16:00:00+08:00', expiration: '2026-11-30T00:00:00Z' });
    const activity = asBotActivity(wire) as unknown as Record<string, unknown>;
    expect(activity.timestamp).toBeInstanceOf(Date);
    expect((activity.timestamp as Date).toISOString()).toBe('2026-11-29T08:00:00.123Z');
    expect(activity.rawTimestamp).toBe('2026-11-29T08:00:00.123Z');
    expect((activity.localTimestamp as Date).toISOString()).toBe('2026-11-29T08:00:00.000Z');
    expect(activity.rawLocalTimestamp).toBe('2026-11-29T16:00:00+08:00');
    expect(activity.expiration).toBeInstanceOf(Date);
    expect(activity.rawExpiration).toBe('2026-11-30T00:00:00Z');
  });

  it('leaves an activity without time stamps as it was', () => {
    const activity = asBotActivity(inboundActivity.parse({ ...base, text: 'hai', channelData: { x: 1 } })) as unknown as Record<string, unknown>;
    expect(activity).toEqual({ ...base, text: 'hai', channelData: { x: 1 } });
  });
});
