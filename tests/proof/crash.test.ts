import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { httpCitizen, ledger, SANDBOX_TODAY, waitFor } from './support/citizen';
import { freePort, spawnTs, stop, waitHttp, type Spawned } from './support/processes';

/**
 * The bot is killed (SIGKILL: no shutdown hook runs) after the gateway's payment callback reached
 * it and before the agency issued the road tax. The sandbox is its own process and survives. On
 * restart the reconciler finds the paid transaction in Redis and completes it — exactly once.
 */
const hasRedis = await redisAvailable();

describe.skipIf(!hasRedis)('crash between payment and issuance', () => {
  let sandbox: Spawned;
  let bot: Spawned | undefined;
  let sandboxBase: string;
  let botPort: number;
  const prefix = uniquePrefix('crash');
  const redis = new Redis(REDIS_URL, { lazyConnect: true });

  beforeAll(async () => {
    const sandboxPort = await freePort();
    sandboxBase = `http://127.0.0.1:${sandboxPort}`;
    sandbox = spawnTs('src/cli.ts', ['sandbox', '--port', String(sandboxPort)], { SANDBOX_TODAY, LOG_LEVEL: 'silent', PUBLIC_URL: '' });
    botPort = await freePort();
    await Promise.all([waitHttp(`${sandboxBase}/sandbox/ledger`, 30_000, sandbox), redis.connect()]);
  }, 40_000);

  afterAll(async () => {
    await stop(bot, 'SIGKILL');
    await stop(sandbox);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const startBot = async () => {
    bot = spawnTs('tests/proof/support/botProcess.ts', [], {
      PORT: String(botPort),
      REDIS_URL,
      KEY_PREFIX: prefix,
      SANDBOX_TODAY,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: '',
      JPJ_API_URL: `${sandboxBase}/sandbox/jpj`,
      JIM_API_URL: `${sandboxBase}/sandbox/jim`,
      PAYMENT_API_URL: `${sandboxBase}/sandbox/payments`,
      IDENTITY_API_URL: `${sandboxBase}/sandbox/identity`,
    });
    await waitHttp(`http://127.0.0.1:${botPort}/readyz`, 30_000, bot);
  };

  const transactionStatus = async (): Promise<string | undefined> => {
    const keys = await redis.keys(`${prefix}txn:*`);
    const records = await Promise.all(keys.map(async (key) => JSON.parse((await redis.get(key)) ?? '{}') as { status?: string }));
    return records[0]?.status;
  };

  it('completes the paid transaction exactly once after a SIGKILL mid-issuance', async () => {
    await startBot();
    const aminah = httpCitizen({ bot: () => `http://127.0.0.1:${botPort}`, sandbox: sandboxBase, phone: '+60123456789' });
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    expect(await aminah.say('12 bulan')).toContain('RM90.00');
    expect(await aminah.say('ya')).toContain('/sandbox/pay/');

    // JPJ now takes a minute to answer: issuance hangs inside the callback's settlement.
    const arm = await fetch(`${sandboxBase}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agency: 'jpj', fault: { kind: 'latency', ms: 60_000 } }),
    });
    expect(arm.status).toBe(200);
    expect(await aminah.pay()).toBe(200);
    // The callback arrived and the payment is recorded as paid in Redis; issuance is under way.
    await waitFor('the transaction to be recorded as paid', async () => (await transactionStatus()) === 'paid');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop(bot, 'SIGKILL');
    expect((await ledger(sandboxBase)).transactions.filter((t) => t.status === 'COMPLETED')).toHaveLength(0);

    await fetch(`${sandboxBase}/sandbox/faults`, { method: 'DELETE' });
    await startBot();
    // The reconciler runs at start-up and the gateway retries its unacknowledged callback; both wait
    // for the dead process's transaction lease (30 s) to lapse before executing.
    await waitFor('the transaction to complete', async () => (await transactionStatus()) === 'completed', 45_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await ledger(sandboxBase);
    const completed = after.transactions.filter((t) => t.service === 'jpj.roadtax.renew' && t.status === 'COMPLETED');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ ic: '850412-10-5566', amount: '90.00' });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0].status).toBe('PAID');
    // Asking afterwards gives the receipt, and still nothing more is issued.
    expect(await aminah.say('dah bayar')).toMatch(/Resit|Tiada bayaran/);
    expect((await ledger(sandboxBase)).transactions.filter((t) => t.status === 'COMPLETED')).toHaveLength(1);
  }, 100_000);
});
