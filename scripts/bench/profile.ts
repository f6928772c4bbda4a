/**
 * `npm run bench:profile` — where a Khidmat turn's CPU goes. Runs the benchmark's saturating mix
 * against Khidmat (memory state, sandbox in its own process) under `node --cpu-prof`, then prints
 * self time by package and the hottest functions, start-up excluded.
 *
 *   tsx scripts/bench/profile.ts [--duration 8] [--top 25] [--redis]   (the .cpuprofile is kept for Chrome DevTools)
 *
 * --redis: Khidmat on REDIS_URL (default redis://127.0.0.1:6379) under a key prefix of its own.
 * --only greeting|policy|newQuestion|renewal: one kind of session of the mix, to see what each costs.
 * --echo: the echo baseline instead of Khidmat, to see what the framework costs both of them.
 * --no-profiler: only the CPU per turn, measured without the profiler's own cost (for comparing two
 *   versions: run each a few times, alternating — single runs on this machine move by ±10 %).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchClient } from './httpClient';
import { closedLoop } from './load';
import { deleteKeys, startProcess, UsageError } from './processes';
import type { Session } from './scenarios';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const option = (flag: string, fallback: number) => {
  const i = process.argv.indexOf(flag);
  const n = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError(`${flag}: expected a positive number, got "${process.argv[i + 1]}"`);
  return n;
};

/** node_modules package, our folder (src/knowledge…), or a Node internal. */
function owner(url: string, fallback: string): string {
  if (!url) return fallback;
  const inModules = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  const ours = /\/(src|dialogs|scripts)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2].replace(/\.ts$/, '')}`;
  return url.startsWith('node:') ? url : 'other';
}

function summarise(profile: CpuProfile, skipMs: number, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs >= skipMs * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const who = owner(url, name);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const where = url ? ` ${url.replace(/.*node_modules\//, '').replace(/.*\/(src|dialogs|scripts)\//, '$1/')}:${lineNumber + 1}` : '';
    byFunction.set(`${name}${where}`, (byFunction.get(`${name}${where}`) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([label, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${label}`);
  return [`CPU sampled under load: ${(total / 1000).toFixed(0)} ms`, 'self time by package / folder:', ...rows(byOwner), 'hottest functions (self time):', ...rows(byFunction)];
}

async function main(): Promise<void> {
  const durationS = option('--duration', 8);
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt === -1 ? undefined : (process.argv[onlyAt + 1] as Session['kind']);
  if (only && !['greeting', 'policy', 'newQuestion', 'renewal'].includes(only)) throw new UsageError(`--only: expected greeting, policy, newQuestion or renewal, got "${only}"`);
  const top = option('--top', 25);
  const dir = mkdtempSync(join(tmpdir(), 'khidmat-profile-'));
  const sandbox = await startProcess('src/cli.ts', ['sandbox'], { LOG_LEVEL: 'warn' }, '/sandbox/ledger');
  const agencies = {
    JPJ_API_URL: `${sandbox.base}/sandbox/jpj`,
    JIM_API_URL: `${sandbox.base}/sandbox/jim`,
    PAYMENT_API_URL: `${sandbox.base}/sandbox/payments`,
    IDENTITY_API_URL: `${sandbox.base}/sandbox/identity`,
  };
  const warmupMs = 2_000;
  const started = performance.now();
  const redis: Record<string, string> = process.argv.includes('--redis') ? { REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379', BENCH_KEY_PREFIX: `khidmat-profile:${process.pid}:` } : { REDIS_URL: '' };
  const echo = process.argv.includes('--echo');
  const profiling = !process.argv.includes('--no-profiler');
  const profiled = profiling ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  const khidmat = echo
    ? await startProcess('scripts/bench/echoBot.ts', [], {}, '/readyz', 30_000, profiled)
    : await startProcess('scripts/bench/khidmatProcess.ts', [], { ...agencies, ...redis, LOG_LEVEL: 'warn' }, '/readyz', 30_000, profiled);
  let cpuAtWindow = 0;
  const windowStart = setTimeout(() => (cpuAtWindow = khidmat.cpuMs()), warmupMs);
  const skipMs = performance.now() - started + warmupMs;
  try {
    const result = await closedLoop(
      { name: echo ? 'echo baseline' : 'Khidmat', client: new BenchClient(khidmat.base), sandbox: echo ? undefined : new BenchClient(sandbox.base) },
      { concurrency: 32, warmupMs, durationMs: durationS * 1000, seed: 1, only },
    );
    clearTimeout(windowStart);
    const cpuMsPerTurn = (khidmat.cpuMs() - cpuAtWindow) / result.turns;
    process.stdout.write(`${echo ? 'echo baseline, ' : ''}${only ?? 'the whole mix'}: ${(result.turns / result.seconds).toFixed(0)} turns/s, ${cpuMsPerTurn.toFixed(3)} CPU ms per turn${profiling ? ' (profiler on)' : ''}, ${result.errors + result.journeyErrors} errors\n`);
  } finally {
    await khidmat.stop();
    await sandbox.stop();
    if (redis.BENCH_KEY_PREFIX) await deleteKeys(redis.REDIS_URL, redis.BENCH_KEY_PREFIX);
  }
  if (!profiling) return;
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  process.stdout.write(`${summarise(profile, skipMs, top).join('\n')}\nprofile: ${join(dir, file)}\n`);
}

void main().catch((err: Error) => {
  // A wrong option is the user's to fix: its message is enough. Anything else keeps its stack.
  process.stderr.write(`profile failed: ${err instanceof UsageError ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(2);
});
