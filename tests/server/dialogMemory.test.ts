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
  it('is not built for a turn with no service running; built once, then reused in and out of a service', async () => {
    // DialogStateManager reads the registered components only when it has to build the scopes.
    const built = vi.spyOn(ComponentRegistration, 'components', 'get');
    const citizen = bot.citizen();
    await citizen.say('hai');
    await citizen.say('berapa harga roadtax 1800cc');
    // No service running and none started: no dialog context was made.
    expect(built).not.toHaveBeenCalled();
    await citizen.say('nak renew roadtax');
    const afterFirst = built.mock.calls.length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThanOrEqual(2);
    expect(texts(await citizen.say('batal'))).toMatch(/dibatalkan|batal/i);
    await bot.citizen().say('nak renew roadtax');
    expect(built.mock.calls.length).toBe(afterFirst);
  });
});
