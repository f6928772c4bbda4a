import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgencyUnavailableError } from '../../src/agencies/errors';
import { createAgencyClients, sandboxAgencyUrls, type AgencyClientsConfig } from '../../src/agencies';
import { startSandbox, type Harness } from '../sandbox/harness';

/** Sandbox fault injection → the clients' retries, timeouts and breaker, over real HTTP. */
let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

const make = (extra: Partial<AgencyClientsConfig> = {}) => createAgencyClients({ ...sandboxAgencyUrls(h.base.replace(/\/sandbox$/, '')), ...extra });
const arm = (agency: string, fault: Record<string, unknown>) => h.call('POST', '/faults', { body: { agency, fault } });
const rates = { zone: 'PENINSULAR', bodyType: 'SALOON', engineCc: 1997 };

describe('client resilience against injected faults', () => {
  it('retries a read through two 503s and succeeds', async () => {
    await arm('jpj', { kind: 'error', status: 503, count: 2 });
    const events: string[] = [];
    const clients = make({ retries: 2, onCall: (e) => events.push(`${e.agency} ${e.outcome}`) });
    const result = await clients.jpj.roadTaxRates(rates);
    expect(result.quotes[1]!.amount).toBe('378.50');
    expect((await h.call('GET', '/faults')).body.faults.jpj).toEqual([]);
    expect(events).toEqual(['JPJ ok']);
  });

  it('retries after a timeout (the sandbox hangs longer than the client waits) and succeeds', async () => {
    await arm('jpj', { kind: 'timeout', count: 1, hangMs: 10_000 });
    const started = Date.now();
    const result = await make({ timeoutMs: 300, retries: 1 }).jpj.roadTaxRates(rates);
    expect(result.supported).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a payment creation (it carries an idempotency key) without creating two payments', async () => {
    await arm('payments', { kind: 'error', status: 500, count: 1 });
    const payment = await make({ retries: 2 }).payments.create({ amount: '90.00', reference: 'r', description: 'd', callbackUrl: 'http://127.0.0.1:9/cb' }, 'create-once');
    expect(payment.status).toBe('PENDING');
    expect(h.sandbox.ledger().payments).toHaveLength(1);
  });

  it('does not retry a write without an idempotency key (OTP verify): the 503 surfaces', async () => {
    await arm('identity', { kind: 'error', status: 503, count: 1 });
    const error = await make({ retries: 2 }).identity.verifyOtp({ ic: '850412-10-5566', code: '123456' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgencyUnavailableError);
    expect((error as AgencyUnavailableError).status).toBe(503);
  });

  it('gives up after its retries when the agency stays down', async () => {
    await arm('jim', { kind: 'error', status: 503, count: 10 });
    const error = await make({ retries: 1 }).jim.collectionOffices().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgencyUnavailableError);
    expect((h.sandbox.faults.list().jim[0] as { count: number }).count).toBe(8);
  });

  it('opens the breaker: once the threshold is reached, calls fail fast without reaching the agency', async () => {
    await arm('jpj', { kind: 'error', status: 503, count: 100 });
    const clients = make({ retries: 0, breaker: { failureThreshold: 3, resetAfterMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) await expect(clients.jpj.roadTaxRates(rates)).rejects.toBeInstanceOf(AgencyUnavailableError);
    const started = Date.now();
    const error = (await clients.jpj.roadTaxRates(rates).catch((e: unknown) => e)) as AgencyUnavailableError;
    expect(error.kind).toBe('breaker-open');
    expect(Date.now() - started).toBeLessThan(50);
    expect((h.sandbox.faults.list().jpj[0] as { count: number }).count).toBe(97);
    // Other agencies keep working: each has its own breaker.
    await expect(clients.jim.collectionOffices()).resolves.toHaveLength(5);
  });
});
