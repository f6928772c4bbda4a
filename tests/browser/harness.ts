import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startKhidmat, type Khidmat } from '../../src/app';
import { mountDirectLine } from '../../src/channels/directline';
import { mountWebChat } from '../../src/channels/webchat';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Debian's chromium they are skipped with a visible
 * reason — unless REQUIRE_BROWSER=1 (CI), where a missing browser must fail the run instead.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but there is no chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  console.warn(`[skipped] browser tests: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure)`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Khidmat with the web chat page and its Direct Line, on an ephemeral port. */
export async function startWebChat(env: Record<string, string> = {}): Promise<Khidmat & { base: string }> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app = await startKhidmat(config, { logger: createLogger({ level: 'silent' }), port: 0, channels: [mountWebChat, mountDirectLine] });
  return Object.assign(app, { base: app.publicUrl });
}
