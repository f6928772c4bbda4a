import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

export const ROOT = resolve(__dirname, '../..');

/**
 * The node flags `npm start` runs Khidmat with (package.json), given to every server the benchmark
 * measures, the echo baseline included: a larger young generation means fewer scavenges for a
 * server that allocates per request (about an eighth of Khidmat's CPU per turn, measured).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

/** A free loopback port (bound to 0 then released). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  base: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  startupMs: number;
  /** Current and peak resident set size of the process, in MB (from /proc). */
  rss(): { currentMb: number; peakMb: number };
  /** CPU time (user + system) the process has used so far, in ms (from /proc). */
  cpuMs(): number;
  /** Live JS heap after a full GC, in MB (only for entries that answer the 'heap' IPC message). */
  heapAfterGcMb(): Promise<number>;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry point as ONE node process (tsx's CommonJS hook loaded in-process, no
 * wrapper process), so the RSS read from /proc is the whole server's. Waits for `readyPath`.
 */
export async function startProcess(entry: string, args: string[], env: Record<string, string>, readyPath = '/readyz', timeoutMs = 30_000, nodeFlags: string[] = []): Promise<Child> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeFlags, '-r', 'tsx/cjs', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${base}${readyPath}`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} not ready after ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startupMs = performance.now() - started;
  const pid = child.pid!;
  return {
    process: child,
    pid,
    base,
    startupMs,
    rss: () => readRss(pid),
    cpuMs: () => readCpuMs(pid),
    heapAfterGcMb: () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${entry} did not report its heap`)), 5_000);
        child.once('message', (message: { heapUsed?: number }) => {
          clearTimeout(timer);
          resolve((message.heapUsed ?? NaN) / 1048576);
        });
        child.send('heap');
      }),
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
export function readCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function readRss(pid: number): { currentMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { currentMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Deletes the keys a benchmark run left under its own prefix (SCAN, never KEYS). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A wrong command-line option: reported as its message alone. */
export class UsageError extends Error {}
