import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOG_AUDIT_DIR_ENV } from '../../src/observability/logger';
import { formatFindings, repositoryRules, scanLogDir } from './logScan';

/**
 * Log audit over the whole run (vitest globalSetup). Every logger of every test worker and of every
 * process a test spawns (they inherit the environment) also writes all its records, from debug up, to
 * <dir>/<pid>.log; after the run every line is scanned for MyKads, OTPs, tokens and test secrets.
 * A finding fails the run. KHIDMAT_LOG_AUDIT=off switches the audit off (e.g. to time the suite).
 */
const ROOT = resolve(__dirname, '../..');
let dir: string | undefined;

export function setup(): void {
  if (process.env.KHIDMAT_LOG_AUDIT === 'off') return;
  dir = mkdtempSync(join(tmpdir(), 'khidmat-log-audit-'));
  // Workers are forked after this, with a copy of this environment; so are their children.
  process.env[LOG_AUDIT_DIR_ENV] = dir;
}

export function teardown(): void {
  if (!dir) return;
  const result = scanLogDir(dir, repositoryRules(ROOT));
  if (result.findings.length === 0) {
    console.log(`log audit: ${result.lines} lines from ${result.files} processes, no MyKad/OTP/token`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const files = new Set(result.findings.map((f) => f.file)).size;
  console.error(
    `log audit: ${result.findings.length} leaks in ${files} of ${result.files} processes' logs (kept in ${dir}):\n${formatFindings(result.findings, dir)}`,
  );
  // vitest 4 only prints an error thrown here ("error during close") and still exits 0: set the code.
  process.exitCode = 1;
  throw new Error('log audit failed: personal data or a secret reached a log line (see above)');
}

