import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, LOG_AUDIT_DIR_ENV } from '../../src/observability/logger';
import { compileScanner, repositoryRules, scanLogDir, type ScanRules } from '../setup/logScan';
import * as audit from '../setup/logAudit';

const ROOT = resolve(__dirname, '../..');
const RULES: ScanRules = {
  mykads: ['850412-10-5566', '620815-07-5511'],
  phones: ['+60123456789'],
  secrets: ['operator-token-0123456789', 'short'],
};
const scan = compileScanner(RULES);
const line = (record: Record<string, unknown>) => JSON.stringify({ level: 30, time: 1781234567890, service: 'khidmat', ...record });
const rulesHit = (record: Record<string, unknown>) => scan(line(record)).map((hit) => hit.rule);

describe('log scan: each kind of leak is caught', () => {
  it.each([
    ['a MyKad, dashed', { msg: 'lookup 880808-14-5557 failed' }, 'MyKad'],
    ['a MyKad, plain digits', { ic: '880808145557' }, 'MyKad'],
    ['a MyKad, spaced', { msg: 'ic 880808 14 5557' }, 'MyKad'],
    ['a MyKad with an unassigned place code (still a real birth date)', { msg: 'ic 880808-99-5557' }, 'MyKad'],
    ['a MyKad held as a number', { ic: 880808145557 }, 'MyKad'],
    ['a MyKad as an object key', { seen: { '880808-14-5557': true } }, 'MyKad'],
    ['a demo citizen MyKad, even glued to other digits', { path: '/x/1850412105566' }, 'demo citizen MyKad'],
    ['a demo citizen phone, URL-encoded', { path: '/sandbox/sms?to=%2B60123456789' }, 'demo citizen phone'],
    ['an OTP ending a sentence', { msg: 'Kod pengesahan anda ialah 482913. Sah selama 5 minit.' }, 'OTP-like 6 digits'],
    ['an OTP in a field', { text: '048213' }, 'OTP-like 6 digits'],
    ['an OTP held as a number under a code key', { otp: 482913 }, 'OTP-like 6 digits'],
    ['a JWT', { msg: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl' }, 'JWT / base64 JSON'],
    ['a kvt1 identity token', { header: 'kvt1.eyJzdWIiOiI4NTA0MTIifQ.bWFjLXZhbHVlLWhlcmU' }, 'identity token (kvt1)'],
    ['a bearer credential', { authorization: 'Bearer abc.DEF-123_xyz' }, 'bearer credential'],
    ['the operator session cookie', { cookie: 'khidmat_admin=1781234567.0123456789abcdef0123' }, 'admin session cookie'],
    ['a Telegram bot token in an API URL', { url: 'https://api.telegram.org/bot123456789:TEST-token_abc/sendMessage' }, 'Telegram bot token'],
    ['a secret a test configured', { msg: 'login with operator-token-0123456789 refused' }, 'known test secret'],
  ] as const)('%s', (_name, record, rule) => {
    expect(rulesHit(record)).toContain(rule);
  });

  it('scans a line that is not JSON as text', () => {
    expect(scan('boot: citizen 880808-14-5557 started').map((hit) => hit.rule)).toEqual(['MyKad']);
  });

  it('reports where in the record, and never the raw value', () => {
    const [hit] = scan(line({ err: { message: 'for 880808-14-5557' } }));
    expect(hit).toMatchObject({ rule: 'MyKad', at: 'err.message' });
    expect(hit!.fragment).not.toContain('880808');
    expect(hit!.fragment).toMatch(/^88…57 \(14 chars\)$/);
    const [keyHit] = scan(line({ seen: { '880808-14-5557': { at: 'x' } } }));
    expect(keyHit).toMatchObject({ rule: 'MyKad', at: 'seen.‹88…57 (14 chars)› (key)' });
  });
});

describe('log scan: what the masker writes, and ordinary values, are not flagged', () => {
  it('the real logger output for every kind of secret scans clean', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: { write: (text: string) => lines.push(text) } as never });
    log.info({ ic: '850412-10-5566', plain: '620815075511', phone: '+60123456789', otp: '482913' }, 'user 880808 14 5557 sent code 048213.');
    log.warn({ authorization: 'Bearer abc.DEF-123_xyz', url: 'https://api.telegram.org/bot123456789:TEST-token_abc/getMe' }, 'call');
    log.error(new Error('verify failed for 850412105566 with eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl'));
    log.child({ ic: '620815-07-5511' }).info({ [`850412-10-5566`]: 1, big: 880808145557 }, 'payload %j', { ic: '850412-10-5566' });
    log.info(`token kvt1.${Buffer.from(JSON.stringify({ sub: '850412-10-5566', iat: 1781234567890, exp: 1781235467890 })).toString('base64url')}.${'m'.repeat(43)}`);
    const output = lines.join('');
    expect(output).toContain('850412-**-**66');
    for (const text of lines) expect(scan(text), text).toEqual([]);
  });

  it.each([
    ['masked MyKad and phone', { msg: 'ic 850412-**-**66 tel +6012****789' }],
    ['masked tokens', { msg: 'Bearer [redacted] kvt1.[redacted].[redacted] [jwt] bot[redacted]/getMe' }],
    ['amounts, plates and dates', { msg: 'RM378.50 for WXY 1234 until 2026-06-15T10:00:00.000Z; total 123456.78' }],
    ['counts and durations as numbers', { ms: 120000, resetAfterMs: 300000, expiresAtMs: 1781234567890, attempts: 3 }],
    ['12 digits that are not a date', { id: '999999999999' }],
    ['ids and ports', { requestId: 'req_7f3a9c', url: 'http://127.0.0.1:45231/sandbox', conversation: 'conv-rl-user-a' }],
    ['a sandbox message naming the header', { msg: 'Identity verification is required: send Authorization: Bearer <verification token>.' }],
  ] as const)('%s', (_name, record) => {
    expect(rulesHit(record)).toEqual([]);
  });
});

describe('log audit over a directory of process logs', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'khidmat-logscan-test-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('counts lines and processes, and gives file and line of each finding', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '101.log'), `${line({ msg: 'ok' })}\n${line({ msg: 'ok again' })}\n`);
    writeFileSync(join(dir, '202.log'), `${line({ msg: 'ok' })}\n${line({ msg: 'code 482913.' })}\n`);
    const result = scanLogDir(dir, RULES);
    expect(result).toMatchObject({ files: 2, lines: 4 });
    expect(result.findings).toEqual([expect.objectContaining({ file: join(dir, '202.log'), line: 2, rule: 'OTP-like 6 digits' })]);
  });

  /** Runs the globalSetup's setup, a body, and restores this worker's environment (its own audit dir). */
  function withFreshAudit(body: (dir: string) => void): void {
    const saved = { dir: process.env[LOG_AUDIT_DIR_ENV], audit: process.env.KHIDMAT_LOG_AUDIT, exitCode: process.exitCode };
    try {
      delete process.env.KHIDMAT_LOG_AUDIT;
      audit.setup();
      body(process.env[LOG_AUDIT_DIR_ENV]!);
    } finally {
      process.exitCode = saved.exitCode;
      for (const [name, value] of [[LOG_AUDIT_DIR_ENV, saved.dir], ['KHIDMAT_LOG_AUDIT', saved.audit]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }

  it('teardown fails the run (exit code and error) and prints the finding masked', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    withFreshAudit((dir) => {
      dirs.push(dir);
      writeFileSync(join(dir, '303.log'), `${line({ msg: 'fine' })}\n${line({ ic: 850412105566 })}\n`);
      expect(() => audit.teardown()).toThrow(/log audit failed/);
      expect(process.exitCode).toBe(1);
    });
    const printed = errors.mock.calls.flat().join('\n');
    errors.mockRestore();
    expect(printed).toMatch(/303\.log:2 {2}demo citizen MyKad at ic: /);
    expect(printed).not.toContain('850412105566');
  });

  it('takes the demo citizens and the tests’ secrets from the repository', () => {
    const rules = repositoryRules(ROOT);
    expect(rules.mykads).toEqual(['850412-10-5566', '620815-07-5511', '990101-14-5673', '150303-01-1234', '780920-13-5208']);
    expect(rules.phones).toContain('+60168889999');
    expect(rules.secrets).toEqual(expect.arrayContaining(['operator-token-0123456789', 'khidmat-sandbox-callback-secret', 'x'.repeat(24)]));
  });

  it('a clean run prints the summary and removes the directory', () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    withFreshAudit((dir) => {
      dirs.push(dir);
      writeFileSync(join(dir, '404.log'), `${line({ msg: 'fine' })}\n${line({ msg: 'also fine' })}\n`);
      audit.teardown();
      expect(process.exitCode).toBeFalsy();
      expect(() => readdirSync(dir)).toThrow(/ENOENT/);
    });
    expect(logs.mock.calls).toEqual([['log audit: 2 lines from 1 processes, no MyKad/OTP/token']]);
    logs.mockRestore();
  });
});
