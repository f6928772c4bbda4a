import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(async () => {
  h.sandbox.reset();
});

const rates = () => h.call('GET', '/jpj/roadtax/rates?zone=PENINSULAR&bodyType=SALOON&engineCc=1997');

describe('fault injection', () => {
  it('fails the next N calls of one agency with the chosen 5xx, then recovers', async () => {
    const armed = await h.call('POST', '/faults', { body: { agency: 'jpj', fault: { kind: 'error', status: 503, count: 2 } } });
    expect(armed.body.faults.jpj).toEqual([{ kind: 'error', status: 503, count: 2 }]);
    const first = await rates();
    expect([first.status, first.body.error.code, first.body.error.details.injected]).toEqual([503, 'SERVICE_UNAVAILABLE', true]);
    expect((await rates()).status).toBe(503);
    expect((await rates()).status).toBe(200);
    expect((await h.call('GET', '/faults')).body.faults.jpj).toEqual([]);
  });

  it('leaves other agencies and the sandbox tools alone', async () => {
    await h.call('POST', '/faults', { body: { agency: 'jim', fault: { kind: 'error', status: 500, count: 1 } } });
    expect((await rates()).status).toBe(200);
    expect((await h.call('GET', '/ledger')).status).toBe(200);
    const jim = await h.call('GET', '/jim/passport/offices');
    expect([jim.status, jim.body.error.code]).toEqual([500, 'INTERNAL_ERROR']);
  });

  it('adds latency to the next calls', async () => {
    await h.call('POST', '/faults', { body: { agency: 'jpj', fault: { kind: 'latency', ms: 250, count: 1 } } });
    const started = Date.now();
    expect((await rates()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const fast = Date.now();
    await rates();
    expect(Date.now() - fast).toBeLessThan(200);
  });

  it('hangs for a timeout (the caller gives up first) and answers normally afterwards', async () => {
    await h.call('POST', '/faults', { body: { agency: 'payments', fault: { kind: 'timeout', count: 1, hangMs: 5000 } } });
    const started = Date.now();
    await expect(fetch(`${h.base}/payments/pay_none`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await h.call('GET', '/payments/pay_none')).status).toBe(404);
  });

  it('a failed call has no effect (no payment created)', async () => {
    await h.call('POST', '/faults', { body: { agency: 'payments', fault: { kind: 'error', status: 500, count: 1 } } });
    const reply = await h.call('POST', '/payments', { body: { amount: '10.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/x' } });
    expect(reply.status).toBe(500);
    expect(h.sandbox.ledger().payments).toHaveLength(0);
  });

  it('DELETE /faults disarms everything', async () => {
    await h.call('POST', '/faults', { body: { agency: 'jpj', fault: { kind: 'error', status: 500, count: 5 } } });
    await h.call('DELETE', '/faults');
    expect((await rates()).status).toBe(200);
  });

  it('faults can be configured at start-up', async () => {
    const configured = await startSandbox({ faults: { identity: [{ kind: 'error', status: 502, count: 1 }] } });
    try {
      const first = await configured.call('POST', '/identity/otp', { body: { ic: '850412-10-5566' } });
      expect(first.status).toBe(502);
      expect((await configured.call('POST', '/identity/otp', { body: { ic: '850412-10-5566' } })).status).toBe(202);
    } finally {
      await configured.close();
    }
  });
});
