import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger';
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
