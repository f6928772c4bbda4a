import { startKhidmat, type StartOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';

/**
 * Khidmat as the benchmark runs it: the real app (startKhidmat, the same call src/main.ts makes)
 * in its own process, with a key prefix of the benchmark's own on Redis so the machine's other
 * users of Redis are not touched. BENCH_KEY_PREFIX sets it; LOG_LEVEL (default warn) the logging.
 */
async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const options: StartOptions & Record<string, unknown> = {
    logger: createLogger({ level: config.LOG_LEVEL }),
    keyPrefix: process.env.BENCH_KEY_PREFIX || undefined,
    // All load comes from one loopback address: the per-address ceiling (once wired) would measure
    // the limiter refusing, not the bot. Every other limit stays as shipped.
    rateLimits: { perIp: { limit: 1_000_000_000, windowSeconds: 60 } },
  };
  const app = await startKhidmat(config, options);
  // The soak asks for the live heap after a full GC (node --expose-gc): RSS alone cannot tell
  // garbage not yet collected, or V8 growing its heap, from a leak.
  process.on('message', (message) => {
    if (message !== 'heap') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ heapUsed: gc ? process.memoryUsage().heapUsed : NaN });
  });
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main().catch((err: Error) => {
  process.stderr.write(`bench: Khidmat could not start: ${err.message}\n`);
  process.exit(1);
});
