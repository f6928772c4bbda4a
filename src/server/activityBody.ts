import type { Activity } from 'botbuilder';
import { z } from 'zod';

/**
 * The least an inbound Bot Framework activity must carry for us to process it. CloudAdapter throws
 * (→ 500) on some malformed bodies before its own checks; validating first turns those into a 400.
 */
export const inboundActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).optional(),
    deliveryMode: z.string().max(32).optional(),
    text: z.string().max(4096, 'message too long (4096 characters at most)').optional(),
    timestamp: z.string().max(64).optional(),
    localTimestamp: z.string().max(64).optional(),
    conversation: z.object({ id: z.string().min(1).max(512) }).loose(),
    from: z.object({ id: z.string().min(1).max(512) }).loose(),
    recipient: z.object({ id: z.string().max(512) }).loose().optional(),
  })
  .loose()
  .refine((activity) => activity.deliveryMode === 'expectReplies' || Boolean(activity.serviceUrl && URL.canParse(activity.serviceUrl)), {
    message: 'serviceUrl (a URL) is required unless deliveryMode is "expectReplies"',
    path: ['serviceUrl'],
  });

export type InboundActivity = z.infer<typeof inboundActivity>;

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

/**
 * The activity as botbuilder expects it from the wire: ISO time stamps become Dates and the text is
 * kept alongside, as CloudAdapter.process does (its validateAndFixActivity); the object is changed in place.
 */
export function asBotActivity(activity: InboundActivity): Activity {
  const fixed = activity as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  return fixed as unknown as Activity;
}
