import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { waitFor } from './citizen';
import { freePort } from './processes';

export interface OwnRedisCluster {
  /** REDIS_URL for Khidmat: every node, as redis+cluster://. */
  url: string;
  ports: number[];
  /** The keys matching `pattern` on one node alone (a plain connection, not cluster-aware). */
  keysOn(port: number, pattern: string): Promise<string[]>;
  /** The port of the master that serves `key`'s slot. */
  ownerOf(key: string): Promise<number>;
  /** Kills every redis-server and removes their files. */
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster of the test's own: three masters, no replicas, no persistence, on free
 * ports (the cluster bus too: the default "port + 10000" may not exist above port 55535).
 */
export async function startOwnRedisCluster(size = 3): Promise<OwnRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'khidmat-cluster-'));
  const children: ChildProcess[] = [];
  const direct = new Map<number, Redis>();
  // A worker that dies without afterAll must not leave servers running.
  const killAll = () => children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  process.once('exit', killAll);

  const stop = async () => {
    process.off('exit', killAll);
    for (const redis of direct.values()) redis.disconnect();
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGKILL');
        return exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const ports = await distinctFreePorts(size * 2);
    const [clientPorts, busPorts] = [ports.slice(0, size), ports.slice(size)];
    clientPorts.forEach((port, index) => {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPorts[index]), '--cluster-config-file', path.join(dir, `nodes-${index}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      children.push(child);
      const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      direct.set(port, redis);
    });
    for (const [port, redis] of direct) {
      await waitFor(`redis-server on ${port} to answer`, async () => {
        if (redis.status !== 'ready') await redis.connect().catch(() => undefined);
        return (await redis.ping()) === 'PONG';
      }, 10_000, 50);
    }

    await createCluster(clientPorts);
    for (const [port, redis] of direct) {
      await waitFor(`node ${port} to report cluster_state:ok`, async () => String(await redis.call('CLUSTER', 'INFO')).includes('cluster_state:ok'), 15_000, 100);
    }

    // Slot ranges of each master; they do not move in these tests.
    const ranges = ((await direct.get(clientPorts[0])!.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>).map(([from, to, [, port]]) => ({ from, to, port }));
    return {
      url: `redis+cluster://${clientPorts.map((port) => `127.0.0.1:${port}`).join(',')}`,
      ports: clientPorts,
      async keysOn(port, pattern) {
        const redis = direct.get(port)!;
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
          cursor = next;
          found.push(...batch);
        } while (cursor !== '0');
        return found;
      },
      async ownerOf(key) {
        const slot = Number(await direct.get(clientPorts[0])!.call('CLUSTER', 'KEYSLOT', key));
        return ranges.find((range) => slot >= range.from && slot <= range.to)!.port;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `redis-cli --cluster create`: meets the nodes and shares the 16384 slots out between them. */
function createCluster(ports: number[]): Promise<void> {
  return new Promise((done, fail) => {
    const cli = spawn('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => cli.kill('SIGKILL'), 20_000);
    cli.once('error', fail);
    cli.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) done();
      else fail(new Error(`redis-cli --cluster create exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
