import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CITIZENS, completed, journey, startSandboxBot, type Bot } from '../helpers/journey';

let bot: Bot;
beforeAll(async () => {
  bot = await startSandboxBot();
});
afterAll(async () => {
  await bot.close();
});
beforeEach(() => {
  bot.app.sandbox!.reset();
});

describe('a citizen can change course at any point', () => {
  it('cancels ("batal") before paying: nothing charged, menu offered', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234 850412-10-5566');
    await aminah.otp();
    await aminah.say('12 bulan');
    expect(await aminah.say('batal')).toContain('Tiada apa-apa yang dicaj');
    expect(aminah.buttons()).toContain('Perbaharui cukai jalan');
    expect(bot.app.sandbox!.ledger().payments).toHaveLength(0);
  });

  it('tapping another service mid-flow starts it, and the first counts as abandoned', async () => {
    const abandoned = async () =>
      (await bot.app.funnel.totals()).filter((row) => row.service === 'jpj.roadtax.renew' && row.stage === 'abandoned').reduce((sum, row) => sum + row.count, 0);
    const before = await abandoned();
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234 850412-10-5566');
    await aminah.otp();
    expect(await aminah.say('Perbaharui lesen memandu')).toContain('Pembaharuan lesen memandu');
    expect(await abandoned()).toBe(before + 1);
  });

  it('switches language mid-flow without losing progress', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    const switched = await aminah.say('English please');
    expect(switched).toContain('continue in English');
    expect(switched).toContain('6 or 12 months');
    expect(await aminah.say('12 months')).toContain('RM90.00');
  });

  it('keeps each passed check once in the saved flow state, however many turns the flow takes', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    await aminah.say('berapa lama proses pasport?');
    expect(await aminah.say('12 bulan')).toContain('RM90.00');
    const storage = bot.app.backend.storage;
    const documents = await storage.read((await storage.keys('')).filter((key) => key.includes('/conversations/')));
    const passedLists = Object.values(documents).flatMap((document) =>
      ((document as { dialogs?: { dialogStack?: Array<{ state?: { passed?: string[] } }> } }).dialogs?.dialogStack ?? []).flatMap((dialog) => (dialog.state?.passed ? [dialog.state.passed] : [])),
    );
    expect(passedLists.length).toBeGreaterThan(0);
    // A list that grew by the same names every turn would make the saved state grow with the conversation.
    for (const passed of passedLists) expect(passed).toEqual([...new Set(passed)]);
  });

  it('corrects a detail already given ("salah, nombor plat sebenarnya …")', async () => {
    const lim = journey(bot, CITIZENS.lim.phone);
    await lim.say('renew roadtax QAA 1234 ic 780920-13-5208');
    await lim.otp();
    expect(lim.text()).toMatch(/PUSPAKOM|pemeriksaan/i);
    // The counter offer is pending; the citizen corrects the plate instead.
    const corrected = await lim.say('salah, nombor plat sebenarnya QAB 5678');
    expect(corrected).toContain('QAB 5678');
    expect(corrected).toContain('6 atau 12 bulan');
    expect(await lim.say('12')).toContain('RM72.00');
  });

  it('answers a side question, then comes back to the question it was asking', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234 850412-10-5566');
    await aminah.otp();
    const side = await aminah.say('berapa harga passport untuk warga emas?');
    expect(side).toContain('RM100');
    expect(side).toContain('Kembali kepada');
    expect(side).toContain('6 atau 12 bulan');
    expect(await aminah.say('12 bulan')).toContain('RM90.00');
  });

  it('re-asks with a specific hint for an impossible MyKad, and offers help after repeated failures', async () => {
    const citizen = journey(bot, CITIZENS.aminah.phone);
    await citizen.say('nak renew lesen');
    expect(await citizen.say('851332-10-5566')).toMatch(/tarikh lahir/);
    expect(await citizen.say('850412-70-5566')).toMatch(/kod tempat lahir/);
    const third = await citizen.say('12345');
    expect(third).toMatch(/temujanji kaunter|pegawai/);
    expect(citizen.buttons()).toContain('Temujanji kaunter');
  });

  it('never reveals whether an unknown MyKad exists, and locks out after three wrong codes', async () => {
    const stranger = journey(bot, '+60100000000');
    const asked = await stranger.say('renew road tax 900101-14-5677');
    const known = journey(bot, CITIZENS.aminah.phone);
    const knownAsked = await known.say('renew road tax 850412-10-5566');
    // Same words either way: nothing tells the caller that one MyKad is on record.
    expect(asked.replace(/\s+/g, ' ')).toBe(knownAsked.replace(/\s+/g, ' '));
    expect(await stranger.say('111111')).toMatch(/2 more tries/);
    await stranger.say('222222');
    expect(await stranger.say('333333')).toMatch(/locked/);
    // Starting again while locked: told so plainly, no code is sent, no technical error.
    const again = await stranger.say('renew road tax 900101-14-5677');
    expect(again).toMatch(/locked/);
    expect(again).not.toMatch(/something went wrong/);
  });

  it('an agency outage gets a clear "try again" and keeps progress; the next message carries on', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('renew road tax WXY 1234, IC 850412-10-5566');
    await aminah.otp();
    bot.app.sandbox!.faults.arm('jpj', { kind: 'error', status: 503, count: 4 });
    const down = await aminah.say('12 months');
    expect(down).toMatch(/JPJ.*not responding|try again/i);
    bot.app.sandbox!.faults.reset();
    expect(await aminah.say('12 months')).toContain('RM90.00');
    expect(completed(bot)).toHaveLength(0);
  });

  it('a bare number answers the question asked ("5" years), a button number picks a button', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('renew my driving licence, IC 850412-10-5566');
    await aminah.otp();
    expect(aminah.buttons()).toEqual(['1 year', '2 years', '3 years', '5 years', '10 years']);
    expect(await aminah.say('5')).toContain('RM150.00');
    await aminah.say('no');
    await aminah.say('renew my passport');
    const offices = aminah.buttons();
    const quote = await aminah.say('2');
    expect(quote).toContain('RM200.00');
    expect(quote).toContain(offices[1]);
  });

  it('"dah bayar" after the receipt does not start anything new', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    await aminah.say('6 bulan');
    await aminah.say('ya');
    await aminah.pay();
    expect(await aminah.say('dah bayar')).toContain('Resit');
    expect(await aminah.say('dah bayar')).toContain('Tiada bayaran yang sedang menunggu');
    expect(completed(bot)).toHaveLength(1);
  });

  it('a cancelled payment charges nothing and offers to try again', async () => {
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('renew road tax WXY 1234, IC 850412-10-5566');
    await aminah.otp();
    await aminah.say('6 months');
    await aminah.say('yes');
    await aminah.pay('cancel');
    expect(await aminah.say('paid')).toMatch(/did not go through|nothing was charged/i);
    expect(completed(bot)).toHaveLength(0);
  });
});
