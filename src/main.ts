import { startKhidmat } from './app';
import { ConfigError, loadConfig } from './config';
import { logger } from './observability/logger';

/** Composition root: read config, build the app, listen, and shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // One clear line per problem, no stack trace: this is the operator's first contact with us.
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw err;
  }

  const app = await startKhidmat(config).catch((err: Error) => {
    process.stderr.write(`Khidmat could not start: ${err.message}\n`);
    process.exit(1);
  });
  logger.info({ port: app.port, storage: app.backend.kind, url: app.publicUrl }, `Khidmat listening on http://127.0.0.1:${app.port}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing turns in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection (kept running)'));
}

void main();
