import { Cluster } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { PushHub, type PushedSet } from '../../src/channels/directline/pushHub';
import { loadConfig } from '../../src/config';
import { TransactionStore, type TransactionRecord } from '../../src/flows/transactions';
import { createLogger } from '../../src/observability/logger';
import { connectRedis, parseClusterUrl } from '../../src/state/redis';
import { RateLimiter } from '../../src/state/rateLimiter';
import { RedisKeyValueStore } from '../../src/state/redisKeyValueStore';
import { startBot } from '../helpers/bot';
import { CITIZENS, completed, journey, SANDBOX_TODAY, type Bot } from '../helpers/journey';
import { httpCitizen, ledger, waitFor } from './support/citizen';
import { startOwnRedisCluster, type OwnRedisCluster } from './support/redisCluster';
import { redisServerInstalled } from './support/redisServer';

describe('REDIS_URL for Redis Cluster', () => {
  it.each([
    ['redis+cluster://10.0.0.1:7000,10.0.0.2:7001,10.0.0.3', { nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }, { host: '10.0.0.3', port: 6379 }], redisOptions: {} }],
    ['redis+cluster://:s3cret@redis-a.internal:6380/', { nodes: [{ host: 'redis-a.internal', port: 6380 }], redisOptions: { password: 's3cret' } }],
    ['redis+cluster://khidmat:p%40ss@node-1:7000,node-2:7000?tls=1', { nodes: [{ host: 'node-1', port: 7000 }, { host: 'node-2', port: 7000 }], redisOptions: { username: 'khidmat', password: 'p@ss', tls: {} } }],
  ])('parses %s', (url, expected) => {
    expect(parseClusterUrl(url)).toEqual(expected);
    expect(loadConfig({ REDIS_URL: url }).REDIS_URL).toBe(url);
  });

  it('leaves other URLs alone', () => {
    expect(parseClusterUrl('redis://127.0.0.1:6379')).toBeUndefined();
    expect(parseClusterUrl('redis+sentinel://10.0.0.1:26379/mymaster')).toBeUndefined();
  });

  it.each(['redis+cluster://', 'redis+cluster://node-1:port', 'redis+cluster://node-1:70000', 'redis+cluster://node-1:7000,,node-2:7000', 'redis+cluster://node-1:7000/0', 'redis+cluster://node 1:7000'])(
    'refuses %s with one line',
    (url) => {
      expect(parseClusterUrl(url)).toBeUndefined();
      expect(() => connectRedis(url, createLogger({ level: 'silent' }))).toThrow(/redis\+cluster/);
      let message = '';
      try {
        loadConfig({ REDIS_URL: url });
      } catch (err) {
        message = (err as Error).message;
      }
      const problems = message.split('\n').slice(1);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^ {2}- REDIS_URL: expected a Redis URL/);
    },
  );
});

/** A real Redis Cluster (three redis-server masters) of the test's own. */
const installed = await redisServerInstalled();
if (!installed) {
  if (process.env.REQUIRE_REDIS === '1') throw new Error('REQUIRE_REDIS=1 but redis-server is not installed');
  console.warn('[skipped] Cluster test: redis-server is not installed');
}

describe.runIf(installed)('Khidmat on a real Redis Cluster', () => {
  const keyPrefix = 'cluster-test:';
  const ADMIN_TOKEN = 'cluster-test-admin-token';
  let cluster: OwnRedisCluster;
  let bot: Bot;
  let two: Khidmat;

  /** Names from `name(i)` until each master serves at least one of `key(name)`. */
  async function spreadOverEveryNode(name: (i: number) => string, key: (name: string) => string): Promise<string[]> {
    const names: string[] = [];
    const owners = new Set<number>();
    for (let i = 0; owners.size < cluster.ports.length; i++) {
      names.push(name(i));
      owners.add(await cluster.ownerOf(key(name(i))));
    }
    return names;
  }
  /** Which masters hold keys matching `pattern`, read on each node alone. */
  async function nodesHolding(pattern: string): Promise<Map<number, string[]>> {
    const held = new Map<number, string[]>();
    for (const port of cluster.ports) {
      const keys = await cluster.keysOn(port, pattern);
      if (keys.length) held.set(port, keys);
    }
    return held;
  }

  beforeAll(async () => {
    cluster = await startOwnRedisCluster();
    bot = await startBot({ SANDBOX_TODAY, REDIS_URL: cluster.url, ADMIN_TOKEN }, { keyPrefix });
    const sandbox = `${bot.app.publicUrl}/sandbox`;
    two = await startKhidmat(
      loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SANDBOX_TODAY, REDIS_URL: cluster.url, JPJ_API_URL: `${sandbox}/jpj`, JIM_API_URL: `${sandbox}/jim`, PAYMENT_API_URL: `${sandbox}/payments`, IDENTITY_API_URL: `${sandbox}/identity` }),
      { port: 0, keyPrefix, logger: createLogger({ level: 'silent' }) },
    );
  }, 60_000);

  afterAll(async () => {
    await two?.close();
    await bot?.close();
    await cluster?.stop();
  });

  beforeEach(() => {
    bot.app.sandbox!.reset();
  });

  it('rate limits on the cluster: both buckets of a caller in one slot, so the limit holds (a refused script would let everyone through)', async () => {
    const limiter = new RateLimiter(bot.app.backend.kv);
    const rule = { limit: 3, windowSeconds: 60 };
    for (let c = 0; c < 12; c += 1) {
      const allowed = [];
      for (let i = 0; i < 4; i += 1) allowed.push((await limiter.hit('cluster-test', `caller-${c}`, rule)).allowed);
      expect(allowed, `caller-${c}`).toEqual([true, true, true, false]);
    }
    // The callers' counters landed on several nodes (ids are hashed, so slots spread).
    expect((await nodesHolding(`${keyPrefix}rate:cluster-test:*`)).size).toBeGreaterThan(1);
  });

  it('renews road tax from one sentence to a receipt, with the state spread over the nodes', async () => {
    expect(bot.app.backend.redis).toBeInstanceOf(Cluster);
    const aminah = journey(bot, CITIZENS.aminah.phone);
    expect(await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566')).toContain('kod 6 digit');
    expect(await aminah.otp()).toContain('6 atau 12 bulan');
    expect(await aminah.say('12 bulan')).toContain('RM90.00');
    expect(await aminah.say('ya')).toContain('/sandbox/pay/');
    await aminah.pay();
    const receipt = await aminah.say('dah bayar');
    expect(receipt).toContain('Resit');
    expect(completed(bot)).toHaveLength(1);
    expect(completed(bot)[0]).toMatchObject({ service: 'jpj.roadtax.renew', ic: CITIZENS.aminah.ic, amount: '90.00' });

    // Khidmat's keys (state, transaction, funnel, dedupe…) landed on more than one master.
    const held = await nodesHolding(`${keyPrefix}*`);
    expect(held.size).toBeGreaterThan(1);
    // Listing finds the transaction and the conversation's state whichever node holds them.
    const refs = await bot.app.backend.kv.keys('txn:');
    expect(refs).toHaveLength(1);
    expect(await bot.app.transactions.get(refs[0]!.slice('txn:'.length))).toMatchObject({ status: 'completed', amount: '90.00' });
    const stateKeys = await bot.app.backend.storage.keys('test/');
    expect(stateKeys.map((key) => key.split('/')[1]).sort()).toEqual(['conversations', 'users']);

    // "padam data saya" deletes the conversation's and the user's state in one call (keys of two slots, as a rule).
    expect(await aminah.say('padam data saya')).toContain('Anda mahu saya padam data anda');
    expect(await aminah.say('ya')).toContain('telah dipadam');
    expect(await bot.app.backend.storage.read(stateKeys)).toEqual({});
  });

  it('state storage lists, reads and deletes keys of every node', async () => {
    const storage = bot.app.backend.storage;
    const names = await spreadOverEveryNode((i) => `test/conversations/spread-${i}/`, (name) => `${keyPrefix}state:${name}`);
    await storage.write(Object.fromEntries(names.map((name, i) => [name, { i }])));
    const owners = new Set(await Promise.all(names.map((name) => cluster.ownerOf(`${keyPrefix}state:${name}`))));
    expect(owners.size).toBe(cluster.ports.length);

    expect((await storage.keys('test/conversations/spread-')).sort()).toEqual([...names].sort());
    // One read of keys in different slots (a single MGET would be refused with CROSSSLOT).
    const items = await storage.read(names);
    expect(Object.keys(items).sort()).toEqual([...names].sort());
    names.forEach((name, i) => expect(items[name]).toMatchObject({ i }));
    await storage.delete(names);
    expect(await storage.keys('test/conversations/spread-')).toEqual([]);
    expect(await storage.read(names)).toEqual({});
  });

  it('the funnel report and the handoff queue of the admin pages list keys of every node', async () => {
    const kv = bot.app.backend.kv;
    const admin = async (route: string) => {
      const response = await fetch(`${bot.base}${route}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status).toBe(200);
      return response.json() as Promise<any>;
    };
    const day = (i: number) => `2025-01-${String(i + 1).padStart(2, '0')}`;
    const days = await spreadOverEveryNode(day, (d) => `${keyPrefix}funnel:${d}:jpj.roadtax.renew:en:started`);
    for (const d of days) await kv.increment(`funnel:${d}:jpj.roadtax.renew:en:started`, 3600);
    const held = await nodesHolding(`${keyPrefix}funnel:*`);
    expect(held.size).toBe(cluster.ports.length);
    const everyFunnelKey = [...held.values()].flat().map((key) => key.slice(keyPrefix.length));
    expect((await kv.keys('funnel:')).sort()).toEqual(everyFunnelKey.sort());
    const report = await admin('/admin/api/funnel');
    for (const d of days) expect(report.byDay).toContainEqual(expect.objectContaining({ day: d, service: 'jpj.roadtax.renew', started: 1 }));

    // Citizens waiting for an officer, until their records sit on every node.
    const ids: string[] = [];
    const owners = new Set<number>();
    while (owners.size < cluster.ports.length) {
      const { handoff } = await bot.app.handoffs.request({
        conversationKey: `test:handoff-${ids.length}`,
        reference: {},
        channel: 'test',
        lang: 'ms',
        reason: 'asked for an officer',
        context: { service: null, details: {} },
      });
      ids.push(handoff.id);
      owners.add(await cluster.ownerOf(`${keyPrefix}handoff:${handoff.id}`));
    }
    const queue = await admin('/admin/api/handoffs');
    expect(queue.handoffs.map((handoff: { id: string }) => handoff.id).sort()).toEqual([...ids].sort());
    // Release deletes three keys of three slots at once.
    for (const id of ids) await bot.app.handoffs.release(id, { notify: false });
    expect((await admin('/admin/api/handoffs')).handoffs).toEqual([]);
    expect(await nodesHolding(`${keyPrefix}handoff*`)).toEqual(new Map());
  });

  it("the reconciler's pending transactions come from every node", async () => {
    // A key prefix of its own: the apps' reconcilers must not pick up these made-up records.
    const redis = connectRedis(cluster.url, createLogger({ level: 'silent' }));
    await redis.connect();
    const transactions = new TransactionStore(new RedisKeyValueStore(redis, 'cluster-reconcile:'));
    try {
      const refs = await spreadOverEveryNode((i) => `KH-JPJ-ROADTAX-SPREAD${i}`, (ref) => `cluster-reconcile:txn:${ref}`);
      const record = (ref: string, status: TransactionRecord['status']): TransactionRecord => ({
        ref,
        service: 'jpj.roadtax.renew',
        lang: 'ms',
        conversation: {},
        request: {},
        amount: '90.00',
        status,
        createdAt: new Date().toISOString(),
        updatedAt: '',
      });
      for (const ref of refs) await transactions.save(record(ref, 'paid'));
      await transactions.save(record('KH-JPJ-ROADTAX-DONE', 'completed'));
      expect((await transactions.pending(3)).map((pending) => pending.ref).sort()).toEqual([...refs].sort());
    } finally {
      await redis.quit();
    }
  });

  it('serves one conversation from two instances alternately, to one completed road-tax renewal', async () => {
    let turn = 0;
    const instances = [bot.app, two];
    const nextBot = () => instances[turn++ % 2]!.publicUrl;
    const aminah = httpCitizen({ bot: nextBot, sandbox: bot.app.publicUrl, phone: CITIZENS.aminah.phone });
    expect(await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566')).toContain('kod 6 digit'); // one
    expect(await aminah.otp()).toContain('6 atau 12 bulan'); // two: knows the OTP request made on one
    expect(await aminah.say('tukar ke English')).toMatch(/English/); // one
    expect(await aminah.say('12 months')).toContain('RM90.00'); // two
    expect(await aminah.say('yes')).toContain('/sandbox/pay/'); // one
    expect(await aminah.pay()).toBe(200);
    await bot.app.sandbox!.callbacksIdle();
    expect(await aminah.say('I have paid')).toContain('Receipt'); // two
    expect(await aminah.say('I have paid')).toMatch(/Nothing is waiting for payment/); // one

    const after = await ledger(bot.app.publicUrl);
    expect(after.transactions.filter((t) => t.status === 'COMPLETED')).toHaveLength(1);
    expect(after.transactions[0]).toMatchObject({ service: 'jpj.roadtax.renew', ic: CITIZENS.aminah.ic, amount: '90.00' });
    expect(after.payments).toHaveLength(1);
    expect(bot.app.sandbox!.sms(CITIZENS.aminah.phone)).toHaveLength(1);
  }, 30_000);

  it("the web chat's pushes reach a socket held by the other instance (pub/sub through the cluster)", async () => {
    const logger = createLogger({ level: 'silent' });
    const [hubOne, hubTwo] = [new PushHub(bot.app.backend.redis, logger), new PushHub(two.backend.redis, logger)];
    try {
      const received: PushedSet[] = [];
      await hubTwo.subscribe('cluster-push', (set) => received.push(set));
      // The subscriber connects by itself; publish until the first push gets through.
      await waitFor('a push published on one instance to reach the other', async () => {
        await hubOne.publish('cluster-push', { activities: [], watermark: '1' });
        return received.length > 0;
      }, 10_000, 100);
      expect(received[0]).toEqual({ activities: [], watermark: '1' });
    } finally {
      await hubOne.close();
      await hubTwo.close();
    }
  });
});
