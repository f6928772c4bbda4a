import { describe, expect, it, vi } from 'vitest';
import type { FlowDefinition } from '../../src/flows/definition';
import type { PaymentPort, PaymentState } from '../../src/flows/ports';
import { MAX_EXECUTION_ATTEMPTS, Settlement } from '../../src/flows/settlement';
import { type TransactionRecord, TransactionStore } from '../../src/flows/transactions';
import { Funnel } from '../../src/observability/funnel';
import { createLogger } from '../../src/observability/logger';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';

/** Settlement alone: a paid payment becomes exactly one execution, however it is reached. */
function setup(execute: FlowDefinition['execute'], payment: { state: PaymentState; amount: string } = { state: 'paid', amount: '90.00' }) {
  const kv = new MemoryKeyValueStore();
  const transactions = new TransactionStore(kv);
  const funnel = new Funnel(kv);
  const payments: PaymentPort = { create: async () => ({ paymentId: 'p1', payUrl: 'http://pay' }), status: async () => payment };
  const flow = { identity: true, slots: [], evaluate: async () => ({ kind: 'answer' as const, text: { ms: '', en: '' } }), execute };
  const settlement = new Settlement({ transactions, payments, funnel, agencies: {}, logger: createLogger({ level: 'silent' }), flowOf: () => flow });
  const record: TransactionRecord = {
    ref: 'KH-JPJ-ROADTAX-1',
    service: 'jpj.roadtax.renew',
    lang: 'ms',
    conversation: {},
    request: { plate: 'WXY 1234' },
    amount: '90.00',
    paymentId: 'p1',
    status: 'awaiting_payment',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
  return { settlement, transactions, funnel, record };
}

describe('settlement', () => {
  it('many simultaneous settles (callback, "dah bayar", reconciler) execute once', async () => {
    let executions = 0;
    const { settlement, transactions, record } = setup(async () => {
      executions += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { reference: 'LKM-1', amount: '90.00', lines: [] };
    });
    await transactions.save(record);
    const results = await Promise.all([settlement.settle(record.ref), settlement.settle(record.ref), settlement.reconcile(), settlement.settle(record.ref)]);
    expect(executions).toBe(1);
    expect((results[0] as TransactionRecord).status).toBe('completed');
    expect((await transactions.get(record.ref))?.receipt?.reference).toBe('LKM-1');
  });

  it('a payment that is not paid, or paid a different amount, executes nothing', async () => {
    for (const payment of [{ state: 'pending' as const, amount: '90.00' }, { state: 'paid' as const, amount: '45.00' }, { state: 'cancelled' as const, amount: '90.00' }]) {
      let executions = 0;
      const { settlement, transactions, record } = setup(async () => {
        executions += 1;
        return { reference: 'x', amount: '90.00', lines: [] };
      }, payment);
      await transactions.save(record);
      const settled = await settlement.settle(record.ref);
      expect(executions).toBe(0);
      expect(settled?.status).toBe(payment.state === 'cancelled' ? 'payment_failed' : 'awaiting_payment');
    }
  });

  it('keeps retrying a paid transaction whose agency call fails, then stops and leaves it for an operator', async () => {
    let executions = 0;
    const { settlement, transactions, record } = setup(async () => {
      executions += 1;
      throw new Error('agency down');
    });
    await transactions.save(record);
    await settlement.settle(record.ref);
    for (let round = 0; round < MAX_EXECUTION_ATTEMPTS + 3; round += 1) await settlement.reconcile();
    expect(executions).toBe(MAX_EXECUTION_ATTEMPTS);
    expect(await transactions.get(record.ref)).toMatchObject({ status: 'failed', attempts: MAX_EXECUTION_ATTEMPTS });
  });

  it('a retry that finally works completes the transaction and counts it once in the funnel', async () => {
    let executions = 0;
    const { settlement, transactions, funnel, record } = setup(async () => {
      executions += 1;
      if (executions < 3) throw new Error('agency down');
      return { reference: 'LKM-3', amount: '90.00', lines: [] };
    });
    await transactions.save(record);
    await settlement.settle(record.ref);
    await settlement.reconcile();
    const done = await settlement.reconcile();
    expect(done.map((r) => r.ref)).toEqual([record.ref]);
    await settlement.reconcile();
    expect(executions).toBe(3);
    const stages = (await funnel.totals()).filter((row) => row.service === 'jpj.roadtax.renew');
    expect(stages.find((row) => row.stage === 'paid')?.count).toBe(1);
    expect(stages.find((row) => row.stage === 'completed')?.count).toBe(1);
  });
});

describe('the transaction lock and an operator', () => {
  it('keeps its lease while the work outlasts it: nobody else gets in', async () => {
    const transactions = new TransactionStore(new MemoryKeyValueStore(), 1);
    let release!: () => void;
    const working = transactions.exclusive('KH-1', () => new Promise<string>((resolve) => (release = () => resolve('done'))));
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await transactions.exclusive('KH-1', async () => 'second', { wait: false })).toBeUndefined();
    release();
    expect(await working).toBe('done');
    expect(await transactions.exclusive('KH-1', async () => 'second', { wait: false })).toBe('second');
  });

  it('a delivery that lands after an operator closed the transaction does not overwrite their decision', async () => {
    let closeMeanwhile!: () => Promise<void>;
    const { settlement, transactions, record } = setup(async () => {
      await closeMeanwhile();
      return { reference: 'LKM-late', amount: '90.00', lines: [] };
    });
    closeMeanwhile = async () => {
      const current = (await transactions.get(record.ref))!;
      await transactions.save({ ...current, status: 'resolved', resolution: { outcome: 'refunded', note: 'refunded', by: 'admin', at: new Date().toISOString() } });
    };
    await transactions.save({ ...record, status: 'failed', attempts: 3 });
    const settled = await settlement.settle(record.ref);
    expect(settled?.status).toBe('resolved');
    expect((await transactions.get(record.ref))).toMatchObject({ status: 'resolved', resolution: { outcome: 'refunded' } });
  });

  it('a refund is refused when one last try delivers the service (an earlier attempt had gone through)', async () => {
    let executions = 0;
    const { settlement, transactions, record } = setup(async () => {
      executions += 1;
      return { reference: 'LKM-1', amount: '90.00', lines: [] };
    });
    await transactions.save({ ...record, status: 'failed', attempts: MAX_EXECUTION_ATTEMPTS });
    await expect(settlement.resolve(record.ref, { outcome: 'refunded', note: 'agency down' })).rejects.toMatchObject({ name: 'DeliveredMeanwhileError' });
    expect(executions).toBe(1);
    expect((await transactions.get(record.ref))?.status).toBe('completed');
  });

  it('a refund of a transaction already delivered is refused as closed, without another try', async () => {
    let executions = 0;
    const { settlement, transactions, record } = setup(async () => {
      executions += 1;
      return { reference: 'LKM-1', amount: '90.00', lines: [] };
    });
    await transactions.save({ ...record, status: 'completed' });
    await expect(settlement.resolve(record.ref, { outcome: 'refunded', note: 'x' })).rejects.toMatchObject({ name: 'TransactionClosedError', status: 'completed' });
    expect(executions).toBe(0);
  });

  it('a refund goes through when the last try still fails', async () => {
    const { settlement, transactions, record } = setup(async () => {
      throw new Error('agency down');
    });
    await transactions.save({ ...record, status: 'failed', attempts: MAX_EXECUTION_ATTEMPTS });
    const resolved = await settlement.resolve(record.ref, { outcome: 'refunded', note: 'refunded via FPX' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { outcome: 'refunded' } });
  });
});

describe('the index of undelivered transactions', () => {
  it('the reconciler reads only paid-but-undelivered transactions, not every transaction of the week', async () => {
    const kv = new MemoryKeyValueStore();
    const transactions = new TransactionStore(kv);
    const base = { service: 'jpj.roadtax.renew' as const, lang: 'ms' as const, conversation: {}, request: {}, amount: '90.00', paymentId: 'p', createdAt: new Date().toISOString(), updatedAt: '' };
    for (let i = 0; i < 50; i += 1) await transactions.save({ ...base, ref: `KH-DONE-${i}`, status: 'completed' });
    await transactions.save({ ...base, ref: 'KH-STUCK', status: 'failed', attempts: 2 });
    await transactions.save({ ...base, ref: 'KH-LATER-DONE', status: 'paid' });
    await transactions.save({ ...base, ref: 'KH-LATER-DONE', status: 'completed' });
    await transactions.pending(MAX_EXECUTION_ATTEMPTS); // the one full pass of a new process

    const reads = vi.spyOn(kv, 'get');
    expect((await transactions.pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref)).toEqual(['KH-STUCK']);
    expect(reads.mock.calls.map(([key]) => key)).toEqual(['txn:KH-STUCK']);
  });

  it('finds transactions saved before the index existed', async () => {
    const kv = new MemoryKeyValueStore();
    const old = { ref: 'KH-OLD', service: 'jpj.roadtax.renew', lang: 'en', conversation: {}, request: {}, amount: '90.00', paymentId: 'p', status: 'paid', createdAt: new Date().toISOString(), updatedAt: '' };
    await kv.set('txn:KH-OLD', JSON.stringify(old), 3600);
    expect((await new TransactionStore(kv).pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref)).toEqual(['KH-OLD']);
    // Done once for the store: the next process does not scan every transaction again.
    const listed = vi.spyOn(kv, 'keys');
    expect((await new TransactionStore(kv).pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref)).toEqual(['KH-OLD']);
    // (Only the previous version's index keys, in its first round; see the next tests.)
    expect(listed.mock.calls.map(([prefix]) => prefix)).toEqual(['txn-open:']);
  });

  it('scans the keyspace for the previous version\'s keys in its first round and once after ten minutes, never in the rounds between or after', async () => {
    const kv = new MemoryKeyValueStore();
    let now = Date.now();
    const transactions = new TransactionStore(kv, undefined, () => now);
    const paid = { ref: 'KH-PAID', service: 'jpj.roadtax.renew' as const, lang: 'en' as const, conversation: {}, request: {}, amount: '90.00', paymentId: 'p', status: 'paid' as const, createdAt: new Date().toISOString(), updatedAt: '' };
    await transactions.save(paid);
    const listed = vi.spyOn(kv, 'keys');
    const legacyScans = () => listed.mock.calls.filter(([prefix]) => prefix === 'txn-open:').length;
    await transactions.pending(MAX_EXECUTION_ATTEMPTS);
    expect(legacyScans()).toBe(1);
    // Rounds every 20 s through the deploy: the index alone.
    for (let round = 0; round < 3; round += 1) {
      now += 20_000;
      expect((await transactions.pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref)).toEqual(['KH-PAID']);
    }
    expect(legacyScans()).toBe(1);
    // An old instance, stopped before it reconciled, left one behind: the round after ten minutes adopts it.
    const straggler = { ...paid, ref: 'KH-FROM-OLD', createdAt: new Date(now - 1000).toISOString() };
    await kv.set('txn:KH-FROM-OLD', JSON.stringify(straggler), 3600);
    await kv.set('txn-open:KH-FROM-OLD', '1', 3600);
    now += 8 * 60 * 1000;
    expect((await transactions.pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref)).toEqual(['KH-PAID']);
    now += 2 * 60 * 1000;
    expect((await transactions.pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref).sort()).toEqual(['KH-FROM-OLD', 'KH-PAID']);
    expect(legacyScans()).toBe(2);
    now += 20_000;
    await transactions.pending(MAX_EXECUTION_ATTEMPTS);
    expect(listed).toHaveBeenCalledTimes(3); // the older transactions' one pass, and the two above
    await transactions.save({ ...paid, status: 'completed' });
    await transactions.save({ ...straggler, status: 'completed' });
    expect(await transactions.pending(MAX_EXECUTION_ATTEMPTS)).toEqual([]);
  });

  it('a scan for the previous version\'s keys that failed is made again, and callers at the same time share one', async () => {
    const kv = new MemoryKeyValueStore();
    await new TransactionStore(kv).pending(MAX_EXECUTION_ATTEMPTS); // the index exists: only the legacy scan can find the straggler
    const transactions = new TransactionStore(kv);
    const straggler = { ref: 'KH-FROM-OLD', service: 'jpj.roadtax.renew', lang: 'en', conversation: {}, request: {}, amount: '90.00', paymentId: 'p', status: 'paid', createdAt: new Date().toISOString(), updatedAt: '' };
    await kv.set('txn:KH-FROM-OLD', JSON.stringify(straggler), 3600);
    await kv.set('txn-open:KH-FROM-OLD', '1', 3600);
    const keys = kv.keys.bind(kv);
    const listed = vi.spyOn(kv, 'keys').mockImplementation(async (prefix) => {
      if (prefix === 'txn-open:' && listed.mock.calls.filter(([p]) => p === 'txn-open:').length === 1) throw new Error('store down');
      return keys(prefix);
    });
    await expect(transactions.pending(MAX_EXECUTION_ATTEMPTS)).rejects.toThrow('store down');
    // The reconciler and the operator page at once: one scan, both see the straggler.
    const [reconciler, operator] = await Promise.all([transactions.pending(MAX_EXECUTION_ATTEMPTS), transactions.undelivered()]);
    expect(reconciler.map((record) => record.ref)).toEqual(['KH-FROM-OLD']);
    expect(operator.map((record) => record.ref)).toEqual(['KH-FROM-OLD']);
    expect(listed.mock.calls.filter(([prefix]) => prefix === 'txn-open:')).toHaveLength(2);
  });

  it('adopts a transaction the previous version indexed (a txn-open:<ref> key), as an instance of it may during a rolling deploy', async () => {
    const kv = new MemoryKeyValueStore();
    await new TransactionStore(kv).pending(MAX_EXECUTION_ATTEMPTS); // the index exists, its mark is set
    const straggler = { ref: 'KH-FROM-OLD', service: 'jpj.roadtax.renew', lang: 'en', conversation: {}, request: {}, amount: '90.00', paymentId: 'p', status: 'paid', createdAt: new Date().toISOString(), updatedAt: '' };
    await kv.set('txn:KH-FROM-OLD', JSON.stringify(straggler), 3600);
    await kv.set('txn-open:KH-FROM-OLD', '1', 3600);
    expect((await new TransactionStore(kv).pending(MAX_EXECUTION_ATTEMPTS)).map((record) => record.ref)).toEqual(['KH-FROM-OLD']);
  });
});
