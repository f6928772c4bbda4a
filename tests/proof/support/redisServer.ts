import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitFor } from './citizen';
import { freePort } from './processes';

/**
 * A throwaway redis-server of the test's own, on a free port, no persistence — so a test can kill
 * and restart it without touching the machine's Redis on 6379.
 */
export async function startOwnRedis(): Promise<{ url: string; port: number; kill(): Promise<void>; restart(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    await waitFor('redis-server to answer', async () => {
      await probe.connect().catch(() => undefined);
      return (await probe.ping()) === 'PONG';
    }, 10_000, 50).finally(() => probe.disconnect());
  };
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child!.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  };
  await launch();
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: launch, stop: kill };
}

export async function redisServerInstalled(): Promise<boolean> {
  return new Promise((done) => {
    const probe = spawn('redis-server', ['--version'], { stdio: 'ignore' });
    probe.once('error', () => done(false));
    probe.once('exit', (code) => done(code === 0));
  });
}
