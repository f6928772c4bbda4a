import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { parseSentinelUrl } from '../../src/state/redis';
import { waitFor } from './support/citizen';
import { freePort } from './support/processes';
import { redisServerInstalled, startOwnRedis } from './support/redisServer';

describe('REDIS_URL for Redis Sentinel', () => {
  it.each([
    ['redis+sentinel://10.0.0.1:26379,10.0.0.2:26380/mymaster', { sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26380 }], name: 'mymaster' }],
    ['redis+sentinel://:s3cret@sentinel-a/khidmat', { sentinels: [{ host: 'sentinel-a', port: 26379 }], name: 'khidmat', password: 's3cret' }],
  ])('parses %s', (url, expected) => {
    expect(parseSentinelUrl(url)).toMatchObject(expected);
    expect(() => loadConfig({ REDIS_URL: url })).not.toThrow();
  });

  it('leaves ordinary URLs alone and refuses a sentinel URL without a primary name', () => {
    expect(parseSentinelUrl('redis://127.0.0.1:6379')).toBeUndefined();
    expect(() => loadConfig({ REDIS_URL: 'redis+sentinel://10.0.0.1:26379' })).toThrow(/REDIS_URL/);
  });
});

/** A real sentinel (redis-server --sentinel) watching a redis-server of the test's own. */
const installed = await redisServerInstalled();
if (!installed) {
  if (process.env.REQUIRE_REDIS === '1') throw new Error('REQUIRE_REDIS=1 but redis-server is not installed');
  console.warn('[skipped] Sentinel test: redis-server is not installed');
}

describe.runIf(installed)('Khidmat through a real Sentinel', () => {
  let primary: Awaited<ReturnType<typeof startOwnRedis>>;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let app: Khidmat;

  beforeAll(async () => {
    primary = await startOwnRedis();
    sentinelPort = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'khidmat-sentinel-'));
    const conf = path.join(dir, 'sentinel.conf');
    writeFileSync(conf, `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor khidmat 127.0.0.1 ${primary.port} 1\n`);
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    const probe = new Redis({ port: sentinelPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    await waitFor('the sentinel to know the primary', async () => {
      await probe.connect().catch(() => undefined);
      const address = (await probe.call('SENTINEL', 'get-master-addr-by-name', 'khidmat').catch(() => null)) as string[] | null;
      return address?.[1] === String(primary.port);
    }, 10_000, 100).finally(() => probe.disconnect());
    const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', REDIS_URL: `redis+sentinel://127.0.0.1:${sentinelPort}/khidmat` });
    app = await startKhidmat(config, { port: 0, logger: createLogger({ level: 'silent' }), keyPrefix: 'sentinel-test:' });
  });

  afterAll(async () => {
    await app?.close();
    sentinel?.kill('SIGKILL');
    await primary?.stop();
  });

  it('finds the primary through the sentinel and keeps conversation state there', async () => {
    expect(app.backend.kind).toBe('redis');
    const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hai', channelId: 'test', deliveryMode: 'expectReplies', conversation: { id: 'sentinel-conv' }, from: { id: 'sentinel-user' }, recipient: { id: 'k' } }),
    });
    expect(response.status).toBe(200);
    const direct = new Redis({ port: primary.port, host: '127.0.0.1' });
    try {
      expect(await direct.exists('sentinel-test:state:test/conversations/sentinel-conv/')).toBe(1);
    } finally {
      direct.disconnect();
    }
  });
});
