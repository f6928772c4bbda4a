import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Starts Khidmat in a fresh Node (memory state, no model) and lists the packages it loaded. */
function packagesLoaded(env: Record<string, string>): string[] {
  const script = `
    const { startKhidmat } = require('./src/app');
    const { loadConfig } = require('./src/config');
    const { createLogger } = require('./src/observability/logger');
    (async () => {
      const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' });
      const app = await startKhidmat(config, { logger: createLogger({ level: 'silent' }) });
      const packages = new Set(Object.keys(require.cache).map((file) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean));
      process.stdout.write(JSON.stringify([...packages]));
      await app.close();
    })();
  `;
  const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
    cwd: join(__dirname, '../..'),
    encoding: 'utf8',
    // Only what it needs: no channel or model settings of the machine's own.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_NO_WARNINGS: '1', ...env },
    timeout: 60_000,
  });
  return JSON.parse(out) as string[];
}

describe('the default run loads no model client', () => {
  it('offline: neither the LangChain OpenAI client nor the OpenAI SDK is loaded', () => {
    const packages = packagesLoaded({});
    expect(packages).toContain('botbuilder');
    expect(packages).not.toContain('@langchain/openai');
    expect(packages).not.toContain('openai');
  });

  it('with a model configured: the client is loaded', () => {
    // Nothing is sent at start-up without embeddings, so a base URL nobody listens on is enough.
    expect(packagesLoaded({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'test-key' })).toContain('@langchain/openai');
  });
});
