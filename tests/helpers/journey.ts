import { expect } from 'vitest';
import type { Reply } from './bot';
import { startBot, texts } from './bot';

export const SANDBOX_TODAY = '2026-06-15';

export const CITIZENS = {
  aminah: { ic: '850412-10-5566', phone: '+60123456789' },
  tan: { ic: '620815-07-5511', phone: '+60129876543' },
  muthu: { ic: '990101-14-5673', phone: '+60171234567' },
  nurAisyah: { ic: '150303-01-1234', phone: '+60191112233' },
  lim: { ic: '780920-13-5208', phone: '+60168889999' },
} as const;

export type Bot = Awaited<ReturnType<typeof startBot>>;

export async function startSandboxBot(env: Record<string, string> = {}) {
  return startBot({ SANDBOX_TODAY, ...env });
}

/** One citizen's conversation, with the sandbox chores (reading the SMS, paying) done as a person would. */
export function journey(bot: Bot, phone: string) {
  const chat = bot.citizen();
  let last: Reply[] = [];
  const everything: Reply[] = [];
  const api = {
    replies: () => last,
    /** Every reply of the conversation so far. */
    allReplies: () => everything,
    text: () => texts(last),
    async say(text: string): Promise<string> {
      last = await chat.say(text);
      everything.push(...last);
      return texts(last);
    },
    /** Types the OTP that arrived by SMS on the citizen's phone. */
    async otp(): Promise<string> {
      const sms = bot.app.sandbox!.sms(phone);
      const code = sms.at(-1)?.text.match(/\b\d{6}\b/)?.[0];
      expect(code, `an OTP SMS to ${phone}`).toBeDefined();
      return api.say(code!);
    },
    buttons(): string[] {
      return last.flatMap((reply) => reply.suggestedActions?.actions.map((action) => action.title) ?? []);
    },
    payLink(): string {
      const link = texts(last).match(/https?:\/\/\S+\/sandbox\/pay\/[\w-]+/)?.[0];
      expect(link, 'a payment link in the last reply').toBeDefined();
      return link!;
    },
    /** Opens the payment page's form and pays (or cancels), then waits for the gateway's callback. */
    async pay(action: 'pay' | 'cancel' = 'pay'): Promise<void> {
      const response = await fetch(api.payLink(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `action=${action}&bank=MBB`,
      });
      expect(response.status).toBe(200);
      await bot.app.sandbox!.callbacksIdle();
    },
  };
  return api;
}

export function completed(bot: Bot) {
  return bot.app.sandbox!.ledger().transactions.filter((transaction) => transaction.status === 'COMPLETED');
}
