import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests start real HTTP servers on ephemeral ports; files run in parallel workers.
    pool: 'forks',
    // Audits every log line of the run for MyKads, OTPs and secrets; fails the run on a leak.
    globalSetup: ['tests/setup/logAudit.ts'],
  },
});
