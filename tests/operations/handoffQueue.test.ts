import { describe, expect, it, vi } from 'vitest';
import { HandoffDesk, type Handoff } from '../../src/handoff/handoffDesk';
import { OfficeHours } from '../../src/handoff/officeHours';
import { FirstAndLater } from '../../src/state/firstAndLater';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';

const request = (n: number) => ({
  conversationKey: `webchat/c${n}`,
  reference: {},
  channel: 'webchat',
  lang: 'ms' as const,
  reason: 'asked for an officer',
  context: { service: null, details: {} },
});

describe('the handoff queue is read from its index, not by scanning the store', () => {
  it('announces positions and lists the queue with no prefix scan after the first read; a released handoff leaves it', async () => {
    const kv = new MemoryKeyValueStore();
    const desk = new HandoffDesk(kv, new OfficeHours('Mon-Sun 00:00-24:00'), async () => undefined);
    const scans = vi.spyOn(kv, 'keys');
    const first = await desk.request(request(1));
    expect(first.position).toBe(1);
    expect(scans).toHaveBeenCalledTimes(1); // the one adoption of what an older version saved
    const second = await desk.request(request(2));
    const third = await desk.request(request(3));
    expect([second.position, third.position]).toEqual([2, 3]);
    await desk.take(first.handoff.id, 'Pn. Salmah');
    await desk.release(second.handoff.id, { notify: false });
    expect((await desk.list()).map((handoff) => handoff.id)).toEqual([first.handoff.id, third.handoff.id]);
    expect((await desk.request(request(4))).position).toBe(2); // the one being helped is not waiting
    expect(scans).toHaveBeenCalledTimes(1);
    await kv.close();
  });

  it('indexes a handoff found for a conversation (saved by an older instance after the adoption)', async () => {
    const kv = new MemoryKeyValueStore();
    const desk = new HandoffDesk(kv, new OfficeHours('Mon-Sun 00:00-24:00'), async () => undefined);
    await desk.list(); // the adoption ran, finding nothing
    await new Promise((resolve) => setImmediate(resolve));
    const late: Handoff = { ...request(20), id: 'late-1', status: 'waiting', since: '2026-11-29T09:00:00.000Z', officer: null };
    await kv.set('handoff:late-1', JSON.stringify(late), 3600);
    await kv.set('handoff-conv:webchat/c20', 'late-1', 3600);
    expect(await desk.list()).toEqual([]);
    expect((await desk.forConversation('webchat/c20'))?.id).toBe('late-1');
    expect((await desk.list()).map((handoff) => handoff.id)).toEqual(['late-1']);
    await kv.close();
  });

  it('lists a handoff an older version saved without the index', async () => {
    const kv = new MemoryKeyValueStore();
    const older: Handoff = { ...request(9), id: 'older-1', status: 'waiting', since: '2026-11-29T08:00:00.000Z', officer: null };
    await kv.set('handoff:older-1', JSON.stringify(older), 3600);
    const desk = new HandoffDesk(kv, new OfficeHours('Mon-Sun 00:00-24:00'), async () => undefined);
    // The adoption runs beside the first read (a citizen does not wait for a scan of the store).
    const mine = await desk.request(request(10));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await desk.list()).map((handoff) => handoff.id)).toEqual(['older-1', mine.handoff.id]);
    expect((await desk.request(request(11))).position).toBe(3);
    await kv.close();
  });
});

describe('FirstAndLater', () => {
  it('runs at the first call and once more after laterMs; callers share a run; a failed run is made again', async () => {
    let now = 0;
    let runs = 0;
    let fail = true;
    const work = new FirstAndLater(
      async () => {
        runs += 1;
        if (fail) throw new Error('store down');
      },
      () => now,
      1000,
    );
    await expect(work.run()).rejects.toThrow('store down');
    fail = false;
    await Promise.all([work.run(), work.run()]);
    expect(runs).toBe(2);
    now = 999;
    await work.run();
    expect(runs).toBe(2);
    now = 1000;
    await Promise.all([work.run(), work.run()]);
    await work.run();
    expect(runs).toBe(3);
  });
});
