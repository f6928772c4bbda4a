import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { waitFor } from './citizen';

export const ROOT = resolve(__dirname, '../../..');

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

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited (after a kill or on its own). */
  exited: Promise<number | null>;
}

/** Runs a TypeScript entry as one node process (tsx's hook in-process), output kept for diagnosis. */
export function spawnTs(entry: string, args: string[], env: Record<string, string>, keepChars = 20_000): Spawned {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', entry, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keepChars);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

export async function waitHttp(url: string, timeoutMs = 30_000, spawned?: Spawned): Promise<void> {
  await waitFor(
    `${url} to answer 200`,
    async () => {
      if (spawned && spawned.child.exitCode !== null) throw new Error(`process exited: ${spawned.output()}`);
      return (await fetch(url)).status === 200;
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${spawned?.output() ?? ''}`);
  });
}

export async function stop(spawned: Spawned | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!spawned || spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
  spawned.child.kill(signal);
  const force = setTimeout(() => spawned.child.kill('SIGKILL'), 5_000);
  await spawned.exited;
  clearTimeout(force);
}
