import { startKhidmat } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/observability/logger';

/** The bot as a process of its own (for the crash and scale-out tests): PORT, REDIS_URL, agency URLs, KEY_PREFIX. */
async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const app = await startKhidmat(config, { logger: createLogger({ level: config.LOG_LEVEL }), keyPrefix: process.env.KEY_PREFIX });
  process.stdout.write(`bot ready on ${app.port}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main().catch((err: Error) => {
  process.stderr.write(`bot could not start: ${err.stack}\n`);
  process.exit(1);
});
