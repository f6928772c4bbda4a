/**
 * `npm run bench` — how fast Khidmat is, measured against a minimal botbuilder echo bot on the same
 * stack. Loopback only, fixed durations; it stops by itself (about 9 minutes with the defaults).
 *
 *   tsx scripts/bench.ts [--runs 3] [--duration 8] [--warmup 5] [--concurrency 32] [--soak 60] [--soak-warmup 30] [--quick]
 *
 * For each run, each target (echo baseline; Khidmat on memory state; Khidmat on Redis when it
 * answers at REDIS_URL, default redis://127.0.0.1:6379, under a key prefix of its own) is started
 * as its own process and measured twice:
 *   - throughput: `concurrency` conversations back to back (closed loop) → turns/s, errors;
 *   - latency: half of that throughput offered as citizens do it — conversations starting at random
 *     times, 100–400 ms of thinking between messages (open loop) → p50/p95/p99 turn latency.
 * Khidmat talks to the agency sandbox in a process of its own (as it would to real agencies), so
 * the RSS measured is the bot's. The medians of the runs are printed, then a 60 s soak after 30 s of
 * the same load to fill the bounded caches (RSS sampled
 * every second) on the production configuration (Redis when available).
 */
import { Redis } from 'ioredis';
import { BenchClient } from './bench/httpClient';
import { closedLoop, openLoop, type LoadResult, type Target } from './bench/load';
import { NEW_QUESTION_VARIANTS } from './bench/scenarios';
import { classificationLatency, retrievalLatency } from './bench/micro';
import { deleteKeys, startProcess, UsageError, type Child } from './bench/processes';
import { median, percentile, trend } from './bench/stats';

interface Options {
  runs: number;
  durationS: number;
  warmupS: number;
  concurrency: number;
  soakS: number;
  soakWarmupS: number;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    const n = i === -1 ? fallback : Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError(`${flag}: expected a positive number, got "${argv[i + 1]}"`);
    return n;
  };
  return {
    runs: value('--runs', quick ? 1 : 3),
    durationS: value('--duration', quick ? 3 : 8),
    warmupS: value('--warmup', quick ? 1 : 5),
    concurrency: value('--concurrency', 32),
    soakS: value('--soak', quick ? 10 : 60),
    soakWarmupS: value('--soak-warmup', quick ? 3 : 30),
  };
}

type TargetName = 'echo baseline' | 'Khidmat (memory)' | 'Khidmat (Redis)';

interface RunFigures {
  startupMs: number;
  throughput: number;
  /** The server's own CPU time per turn at saturation (its share of the machine does not move it much). */
  cpuMsPerTurn: number;
  saturatedP99: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  openConversations: number;
  mix: LoadResult['sessions'];
  firstError?: string;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const withRedis = await redisAnswers();
  if (!withRedis) log(`[skipped] Khidmat (Redis): no Redis at ${REDIS_URL}`);
  const keyPrefix = `khidmat-bench:${process.pid}:${Date.now()}:`;
  const cores = (await import('node:os')).cpus().length;

  log('classification and retrieval latency (in-process)…');
  const classification = classificationLatency();
  const retrieval = await retrievalLatency();

  const sandbox = await startProcess('src/cli.ts', ['sandbox'], { LOG_LEVEL: 'warn' }, '/sandbox/ledger');
  const sandboxClient = new BenchClient(sandbox.base);
  const agencyEnv = {
    JPJ_API_URL: `${sandbox.base}/sandbox/jpj`,
    JIM_API_URL: `${sandbox.base}/sandbox/jim`,
    PAYMENT_API_URL: `${sandbox.base}/sandbox/payments`,
    IDENTITY_API_URL: `${sandbox.base}/sandbox/identity`,
    LOG_LEVEL: 'warn',
  };
  const targets: Array<{ name: TargetName; start: (nodeFlags?: string[]) => Promise<Child>; sandbox?: BenchClient }> = [
    { name: 'echo baseline', start: () => startProcess('scripts/bench/echoBot.ts', [], {}) },
    { name: 'Khidmat (memory)', start: (flags: string[] = []) => startProcess('scripts/bench/khidmatProcess.ts', [], { ...agencyEnv, REDIS_URL: '' }, '/readyz', 30_000, flags), sandbox: sandboxClient },
  ];
  if (withRedis) {
    targets.push({
      name: 'Khidmat (Redis)',
      start: (flags: string[] = []) => startProcess('scripts/bench/khidmatProcess.ts', [], { ...agencyEnv, REDIS_URL, BENCH_KEY_PREFIX: keyPrefix }, '/readyz', 30_000, flags),
      sandbox: sandboxClient,
    });
  }

  const figures = new Map<TargetName, RunFigures[]>();
  try {
    for (let run = 1; run <= options.runs; run += 1) {
      for (const target of targets) {
        await sandboxClient.request('POST', '/sandbox/reset');
        log(`run ${run}/${options.runs}: ${target.name}…`);
        const child = await target.start();
        const client = new BenchClient(child.base);
        try {
          const t: Target = { name: target.name, client, sandbox: target.sandbox };
          // The server's CPU time over the measuring window only (warm-up excluded).
          let cpuAtWindow = NaN;
          const windowStart = setTimeout(() => (cpuAtWindow = child.cpuMs()), options.warmupS * 1000);
          const saturated = await closedLoop(t, { concurrency: options.concurrency, warmupMs: options.warmupS * 1000, durationMs: options.durationS * 1000, seed: run });
          clearTimeout(windowStart);
          const cpuMsPerTurn = (child.cpuMs() - cpuAtWindow) / saturated.turns;
          const throughput = saturated.turns / saturated.seconds;
          const paced = await openLoop(t, {
            turnsPerSecond: throughput / 2,
            warmupMs: options.warmupS * 1000,
            durationMs: options.durationS * 1000,
            seed: run,
            thinkMs: [100, 400],
          });
          const sortedSat = saturated.latenciesMs.sort((a, b) => a - b);
          const sorted = paced.latenciesMs.sort((a, b) => a - b);
          const result: RunFigures = {
            startupMs: child.startupMs,
            throughput,
            cpuMsPerTurn,
            saturatedP99: percentile(sortedSat, 99),
            p50: percentile(sorted, 50),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
            errors: saturated.errors + saturated.journeyErrors + paced.errors + paced.journeyErrors,
            peakRssMb: child.rss().peakMb,
            openConversations: paced.peakOpenConversations,
            mix: saturated.sessions,
            firstError: saturated.firstError ?? paced.firstError,
          };
          log(
            `  ${fmt(throughput, 0)} turns/s (${fmt(cpuMsPerTurn, 3)} CPU ms per turn), p99 ${fmt(result.p99, 2)} ms at half load (${fmt(result.saturatedP99, 1)} ms saturated), ` +
              `${result.errors} errors (${client.staleSocketRetries} sent again after a keep-alive race), peak RSS ${fmt(result.peakRssMb, 0)} MB, start-up ${fmt(result.startupMs, 0)} ms` +
              (result.firstError ? `\n  first error: ${result.firstError}` : ''),
          );
          figures.set(target.name, [...(figures.get(target.name) ?? []), result]);
        } finally {
          client.close();
          await child.stop();
        }
      }
    }

    // Soak: the production configuration, at half of its median throughput, RSS every second.
    const soakTarget = targets.at(-1)!;
    const soakRate = median((figures.get(soakTarget.name) ?? []).map((f) => f.throughput)) / 2;
    log(`soak: ${soakTarget.name}, ${options.soakWarmupS} s warm-up + ${options.soakS} s at ${fmt(soakRate, 0)} turns/s…`);
    await sandboxClient.request('POST', '/sandbox/reset');
    const child = await soakTarget.start(['--expose-gc']);
    const client = new BenchClient(child.base);
    const samples: Array<{ x: number; y: number }> = [];
    const heapSamples: Array<{ x: number; y: number }> = [];
    let lastHeapAt = -Infinity;
    let soak: LoadResult;
    try {
      soak = await openLoop(
        { name: soakTarget.name, client, sandbox: soakTarget.sandbox },
        {
          turnsPerSecond: soakRate,
          warmupMs: 0,
          // Errors count from the first turn; memory is judged after the warm-up (below).
          durationMs: (options.soakWarmupS + options.soakS) * 1000,
          seed: 99,
          thinkMs: [100, 400],
          onTick: (elapsedMs) => {
            samples.push({ x: elapsedMs / 1000, y: child.rss().currentMb });
            // A full GC every 5 s (not every second: it pauses the server it measures).
            if (elapsedMs - lastHeapAt >= 5_000) {
              lastHeapAt = elapsedMs;
              void child.heapAfterGcMb().then((mb) => heapSamples.push({ x: elapsedMs / 1000, y: mb }), () => undefined);
            }
          },
        },
      );
    } finally {
      client.close();
      await child.stop();
    }
    // The warm-up (JIT, pools, and the bounded caches — whole-message readings, word cues — filling at
    // this rate) is not judged: the trend after it shows a leak, not a cache reaching its bound.
    const warm = options.soakWarmupS;
    const settled = samples.filter((s) => s.x >= warm);
    const rssTrend = trend(settled);
    const first = median(settled.slice(0, 5).map((s) => s.y));
    const last = median(settled.slice(-5).map((s) => s.y));
    // Flat is judged on the live heap after a full GC: RSS also moves with garbage not yet collected
    // and with V8 sizing its heap, which is not a leak. Flat = the fitted rise over the soak stays
    // within the sampling noise, or under 5 MB outright.
    const heapSettled = heapSamples.filter((s) => s.x >= warm).sort((a, b) => a.x - b.x);
    const heapTrend = trend(heapSettled);
    const span = (heapSettled.at(-1)?.x ?? 0) - (heapSettled[0]?.x ?? 0);
    const heapGrowthMb = heapTrend.slope * span;
    // Fewer than three samples after warm-up (a --quick soak) cannot show a trend either way.
    const judged = heapSettled.length >= 3;
    const flat = judged && heapGrowthMb <= Math.max(5, 2 * heapTrend.noise);

    // ---------- report ----------
    const echo = figures.get('echo baseline') ?? [];
    const echoThroughput = median(echo.map((f) => f.throughput));
    const rows = targets.map(({ name }) => {
      const runs = figures.get(name) ?? [];
      const m = (pick: (f: RunFigures) => number) => median(runs.map(pick));
      const ratio = name === 'echo baseline' ? 1 : m((f) => f.throughput) / echoThroughput;
      return { name, runs, throughput: m((f) => f.throughput), ratio, cpuMs: m((f) => f.cpuMsPerTurn), p50: m((f) => f.p50), p95: m((f) => f.p95), p99: m((f) => f.p99), satP99: m((f) => f.saturatedP99), errors: runs.reduce((s, f) => s + f.errors, 0), rss: Math.max(...runs.map((f) => f.peakRssMb)), startup: m((f) => f.startupMs), open: m((f) => f.openConversations) };
    });

    const lines: string[] = [];
    lines.push(`Khidmat benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cores} cores, no language model`);
    lines.push(`${options.runs} run(s) per target, medians; throughput: ${options.concurrency} conversations back to back for ${options.durationS} s; latency: half that load offered by citizens who think 100–400 ms between messages, ${options.durationS} s.`);
    lines.push('');
    lines.push('| target | turns/s | vs echo | CPU ms/turn | p50 ms | p95 ms | p99 ms | p99 saturated ms | errors | peak RSS MB | start-up ms |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      lines.push(`| ${r.name} | ${fmt(r.throughput, 0)} | ${r.name === 'echo baseline' ? '1.00' : fmt(r.ratio, 2)} | ${fmt(r.cpuMs, 3)} | ${fmt(r.p50, 2)} | ${fmt(r.p95, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.satP99, 1)} | ${r.errors} | ${fmt(r.rss, 0)} | ${fmt(r.startup, 0)} |`);
    }
    lines.push('');
    const mix = rows.find((r) => r.name !== 'echo baseline')?.runs[0]?.mix;
    if (mix) lines.push(`Mix in one Khidmat run (sessions): ${mix.greeting} greetings, ${mix.policy} pairs of frequently asked questions, ${mix.newQuestion} pairs of new questions (${NEW_QUESTION_VARIANTS} possible texts), ${mix.renewal} road-tax renewals to the payment link (at most one OTP exchange per demo citizen at a time).`);
    lines.push(`Open conversations at half load (peak): ${rows.map((r) => `${r.name} ${fmt(r.open, 0)}`).join(', ')}.`);
    const micro = (m: { p50: number; p95: number; p99: number }) => `p50 ${fmt(m.p50, 3)} ms, p95 ${fmt(m.p95, 3)} ms, p99 ${fmt(m.p99, 3)} ms`;
    lines.push(`Classification (IntentClassifier.classify): a new message ${micro(classification.firstTime)}; a repeated one ${micro(classification.repeated)}.`);
    lines.push(`Retrieval (offline knowledge retriever, a new question): ${micro(retrieval)}.`);
    lines.push(
      `Soak (${soakTarget.name}, ${options.soakS} s after a ${options.soakWarmupS} s warm-up, at ${fmt(soakRate, 0)} turns/s offered, ${soak.turns} turns, ${soak.errors + soak.journeyErrors} errors): ` +
        `live heap after GC ${heapSettled.map((s) => fmt(s.y, 1)).join(' → ')} MB, trend ${fmt(heapTrend.slope * 60, 2)} MB/min (noise ±${fmt(heapTrend.noise, 1)} MB) → ${judged ? (flat ? 'flat' : 'GROWING') : 'soak too short to judge'}; ` +
        `RSS ${fmt(first, 0)} → ${fmt(last, 0)} MB (trend ${fmt(rssTrend.slope * 60, 1)} MB/min, noise ±${fmt(rssTrend.noise, 1)} MB; moves with GC timing and V8 heap sizing).`,
    );
    lines.push('');
    const khidmatRows = rows.filter((r) => r.name !== 'echo baseline');
    const goals = [
      [`throughput ≥ 50% of the echo baseline`, khidmatRows.every((r) => r.ratio >= 0.5)],
      [`p99 turn latency ≤ 50 ms (half load)`, khidmatRows.every((r) => r.p99 <= 50)],
      ['no errors', rows.every((r) => r.errors === 0) && soak.errors + soak.journeyErrors === 0],
      ['memory flat over the soak', judged ? flat : null],
    ] as const;
    const verdict = (met: boolean | null) => (met === null ? 'NOT JUDGED' : met ? 'MET' : 'MISSED');
    lines.push(`Goals: ${goals.map(([goal, met]) => `${verdict(met)} ${goal}`).join('; ')}.`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (soak.firstError) log(`soak: first error: ${soak.firstError}`);
    for (const r of rows) {
      const error = r.runs.find((f) => f.firstError)?.firstError;
      if (error) log(`${r.name}: first error: ${error}`);
    }
    process.exitCode = goals.every(([, met]) => met !== false) ? 0 : 1;
  } finally {
    sandboxClient.close();
    await sandbox.stop();
    if (withRedis) log(`removed ${await deleteKeys(REDIS_URL, keyPrefix)} benchmark keys from Redis`);
  }
}

void main().catch((err: Error) => {
  // A wrong option is the user's to fix: its message is enough. Anything else keeps its stack.
  process.stderr.write(`bench failed: ${err instanceof UsageError ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(2);
});
