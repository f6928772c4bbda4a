import restify from 'restify';
import { loadConfig } from '../config';
import { logger } from '../observability/logger';
import { createSandbox } from './index';

/**
 * `npx khidmat sandbox [--port 4000]`: the agency sandbox alone, on its own port, mounted at /sandbox.
 * Reads PORT, SANDBOX_TODAY, PAYMENT_CALLBACK_SECRET and PUBLIC_URL through the validated config.
 */
export async function run(argv: string[]): Promise<void> {
  const config = loadConfig();
  const portFlag = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const portText = portFlag === -1 ? undefined : argv[portFlag]!.includes('=') ? argv[portFlag]!.split('=')[1] : argv[portFlag + 1];
  const port = portText === undefined ? config.PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port: expected a port number (1–65535), got "${portText}"`);
  }

  const server = restify.createServer({ name: 'khidmat-sandbox' });
  const sandbox = createSandbox({ today: config.SANDBOX_TODAY, callbackSecret: config.PAYMENT_CALLBACK_SECRET, publicUrl: config.PUBLIC_URL, logger });
  sandbox.mount(server);
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const base = config.PUBLIC_URL ?? `http://127.0.0.1:${address.port}`;
  logger.info({ port: address.port, today: sandbox.clock.today() }, 'agency sandbox listening');
  process.stdout.write(
    `Khidmat agency sandbox on ${base}/sandbox (today ${sandbox.clock.today()})\n` +
      `  JPJ_API_URL=${base}/sandbox/jpj  JIM_API_URL=${base}/sandbox/jim\n` +
      `  PAYMENT_API_URL=${base}/sandbox/payments  IDENTITY_API_URL=${base}/sandbox/identity\n` +
      `  OpenAPI: ${base}/sandbox/openapi.json  ledger: ${base}/sandbox/ledger  SMS: ${base}/sandbox/sms\n`,
  );

  const stop = () => {
    sandbox.close();
    server.close(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
