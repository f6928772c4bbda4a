import { ComponentRegistration } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, texts } from '../helpers/bot';

let bot: Awaited<ReturnType<typeof startBot>>;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot.close();
});

describe('dialog memory', () => {
  it('is built on the first turn only; later turns, in and out of a service, reuse it', async () => {
    // DialogStateManager reads the registered components only when it has to build the scopes.
    const built = vi.spyOn(ComponentRegistration, 'components', 'get');
    const citizen = bot.citizen();
    await citizen.say('hai');
    const afterFirst = built.mock.calls.length;
    expect(afterFirst).toBeLessThanOrEqual(2);
    await citizen.say('nak renew roadtax');
    expect(texts(await citizen.say('batal'))).toMatch(/dibatalkan|batal/i);
    await bot.citizen().say('hello');
    expect(built.mock.calls.length).toBe(afterFirst);
  });
});
