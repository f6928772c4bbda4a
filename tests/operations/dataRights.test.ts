import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { mountDirectLine } from '../../src/channels/directline';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { CITIZENS, journey, SANDBOX_TODAY, startSandboxBot, type Bot } from '../helpers/journey';

let bot: Bot;
beforeAll(async () => {
  bot = await startSandboxBot();
});
afterAll(async () => {
  await bot.close();
});

describe("citizens' data rights", () => {
  it('"data saya" shows what is held: language, consent to the privacy notice, the verified MyKad masked', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak semak mata demerit, ic 850412-10-5566');
    await aminah.otp();
    const shown = await aminah.say('data saya');
    expect(shown).toContain('Bahasa Melayu');
    expect(shown).toMatch(/Notis privasi dipersetujui: \d{4}-\d{2}-\d{2} \(versi\/version 2026-11-29\)/);
    expect(shown).toContain('850412-**-**66');
    expect(shown).not.toContain('850412-10-5566');
  });

  it('"padam data saya" asks first; "tidak" keeps everything', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('hai');
    expect(await aminah.say('padam data saya')).toContain('Anda mahu saya padam data anda');
    expect(await aminah.say('tidak')).toContain('tiada apa-apa yang dipadam');
    expect(await aminah.say('hai')).not.toContain('pembantu automatik');
  });

  it('"delete my data" erases the language choice, the conversation and the verified identity', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('hello there');
    await aminah.say('English please');
    await aminah.say('check my demerit points, IC 850412-10-5566');
    await aminah.otp();
    expect(await aminah.say('delete my data')).toContain('Do you want me to delete your data');
    expect(await aminah.say('yes')).toContain('has been deleted');
    // Everything is gone: the next message is a first contact, in the default language (ms) …
    const after = await aminah.say('ok');
    expect(after).toContain('pembantu automatik');
    // … and personal data needs a fresh verification.
    await aminah.say('semak mata demerit saya');
    expect(aminah.text()).toContain('nombor MyKad');
  });

  it('on the web chat, the transcript is forgotten too', async () => {
    const app: Khidmat = await startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SANDBOX_TODAY }), { port: 0, channels: [mountDirectLine], logger: createLogger({ level: 'silent' }) });
    try {
      const api = `${app.publicUrl}/v3/directline`;
      const { token } = (await (await fetch(`${api}/tokens/generate`, { method: 'POST' })).json()) as { token: string };
      const { conversationId } = (await (await fetch(`${api}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { conversationId: string };
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const say = (text: string) => fetch(`${api}/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text }) });
      const history = async () => ((await (await fetch(`${api}/conversations/${conversationId}/activities`, { headers })).json()) as { activities: Array<{ text?: string }> }).activities;
      await say('my ic is 850412-10-5566, renew road tax');
      expect((await history()).some((a) => a.text?.includes('850412-10-5566'))).toBe(true);
      await say('delete my data');
      await say('yes');
      const remaining = await history();
      expect(remaining.some((a) => a.text?.includes('850412-10-5566'))).toBe(false);
      expect(remaining.map((a) => a.text).join(' ')).toContain('has been deleted');
    } finally {
      await app.close();
    }
  });
});
