import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, LOG_AUDIT_DIR_ENV, type Logger } from '../../src/observability/logger';
import { maskText } from '../../src/observability/mask';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } as never });
  return { logger, output: () => lines.join('') };
}

describe('logging never leaks personal data or secrets', () => {
  const secrets = {
    mykadDashed: '850412-10-5566',
    mykadPlain: '620815075511',
    mykadSpaced: '990101 14 5673',
    phone: '+60123456789',
    phoneLocal: '012-345 6789',
    otp: '482913',
    bearer: 'Bearer abc.DEF-123_xyz',
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    botToken: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
  };

  it('masks them in messages, fields, nested objects and errors', () => {
    const { logger, output } = capture();
    logger.info({ ic: secrets.mykadDashed, phone: secrets.phone, otp: secrets.otp, nested: { text: `ic ${secrets.mykadPlain} tel ${secrets.phoneLocal}` } }, `user ${secrets.mykadSpaced} sent ${secrets.bearer}`);
    logger.error({ err: new Error(`lookup failed for ${secrets.mykadDashed} with ${secrets.jwt}`) }, 'agency error');
    logger.warn({ headers: { authorization: secrets.bearer } }, `telegram ${secrets.botToken} code ${secrets.otp}`);
    const text = output();
    for (const [name, value] of Object.entries(secrets)) expect(text, name).not.toContain(value);
    expect(text).toContain('850412-**-**66');
    expect(text).toContain('+6012****789');
  });

  it('leaves ordinary values readable', () => {
    expect(maskText('road tax WXY 1234 for 12 months costs RM90.00')).toBe('road tax WXY 1234 for 12 months costs RM90.00');
  });
});

describe('the masker also covers the paths around formatters.log', () => {
  const aminah = '850412-10-5566';
  it.each([
    ['an error as the only argument (pino takes its message)', (log: Logger) => log.error(new Error(`lookup ${aminah} failed`))],
    ['{ err } without a message', (log: Logger) => log.warn({ err: new Error(`lookup ${aminah} failed`) })],
    ['an object interpolated with %j', (log: Logger) => log.info('payload %j', { ic: aminah })],
    ['child bindings, at any depth', (log: Logger) => log.child({ a: 1 }).child({ ic: aminah }).info('turn')],
    ['a record keyed by MyKad', (log: Logger) => log.info({ [aminah]: true }, 'seen')],
    ['a MyKad held as a number', (log: Logger) => log.info({ ic: 850412105566 }, 'lookup')],
  ])('%s', (_name, write) => {
    const { logger, output } = capture();
    write(logger);
    expect(output()).not.toMatch(/850412-?10-?5566/);
    expect(output()).toContain('850412-**-**66');
  });

  it('an OTP at the end of a sentence, and a short Telegram token inside its API URL', () => {
    const text = maskText('Kod pengesahan anda ialah 482913. Sah selama 5 minit. GET https://api.telegram.org/bot123456:proof-token/getMe');
    expect(text).toBe('Kod pengesahan anda ialah ******. Sah selama 5 minit. GET https://api.telegram.org/bot[redacted]/getMe');
    expect(maskText('RM123456.78 and 0.123456')).toBe('RM123456.78 and 0.123456');
  });
});

describe('log audit tee (KHIDMAT_LOG_AUDIT_DIR)', () => {
  it('writes every record from debug up to <dir>/<pid>.log, keeps the configured destination as it was, and survives SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khidmat-tee-test-'));
    try {
      // A process of its own: the tee is chosen when a logger is created, from the environment.
      const script = [
        "const { createLogger } = require('./src/observability/logger');",
        'const seen = [];',
        "const quiet = createLogger({ level: 'silent' });",
        "const captured = createLogger({ level: 'warn', destination: { write: (line) => seen.push(JSON.parse(line).msg) } });",
        "quiet.debug({ ic: '850412-10-5566' }, 'silent debug');",
        "quiet.child({ agency: 'jpj' }).info('silent child info');",
        "captured.info('below warn'); captured.warn('warn');",
        "process.stdout.write(JSON.stringify(seen) + '\\n', () => process.kill(process.pid, 'SIGKILL'));",
      ].join('\n');
      const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: resolve(__dirname, '../..'), env: { ...process.env, [LOG_AUDIT_DIR_ENV]: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const signal = await new Promise((done) => child.once('exit', (_code, sig) => done(sig)));
      expect(signal).toBe('SIGKILL');
      expect(JSON.parse(stdout)).toEqual(['warn']);
      expect(readdirSync(dir)).toEqual([`${child.pid}.log`]);
      const records = readFileSync(join(dir, `${child.pid}.log`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.map((r) => [r.level, r.msg])).toEqual([[20, 'silent debug'], [30, 'silent child info'], [30, 'below warn'], [40, 'warn']]);
      expect(records[0]).toMatchObject({ ic: '850412-**-**66' });
      expect(records[1]).toMatchObject({ agency: 'jpj' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
