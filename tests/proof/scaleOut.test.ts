import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { redisAvailable, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { httpCitizen, ledger, SANDBOX_TODAY } from './support/citizen';

/**
 * Two instances behind an imaginary round-robin load balancer, sharing one Redis (one key prefix)
 * and one agency sandbox: a citizen's messages land on them alternately, and the journey ends in
 * exactly one completed transaction and one payment — nothing lost, nothing done twice.
 */
const hasRedis = await redisAvailable();

describe.skipIf(!hasRedis)('two instances, one Redis', () => {
  let one: Khidmat;
  let two: Khidmat;
  const keyPrefix = uniquePrefix('scaleout');
  const start = (env: Record<string, string>) =>
    startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SANDBOX_TODAY, REDIS_URL, ...env }), { port: 0, keyPrefix, logger: createLogger({ level: 'silent' }) });

  beforeAll(async () => {
    one = await start({});
    const sandbox = `${one.publicUrl}/sandbox`;
    two = await start({ JPJ_API_URL: `${sandbox}/jpj`, JIM_API_URL: `${sandbox}/jim`, PAYMENT_API_URL: `${sandbox}/payments`, IDENTITY_API_URL: `${sandbox}/identity` });
  });
  afterAll(async () => {
    const keys = await one.backend.redis!.keys(`${keyPrefix}*`);
    if (keys.length) await one.backend.redis!.del(...keys);
    await two.close();
    await one.close();
  });

  it('serves one conversation alternately, to one completed road-tax renewal', async () => {
    let turn = 0;
    const instances = [one, two];
    // Round robin: every message goes to the other instance than the last one.
    const nextBot = () => instances[turn++ % 2]!.publicUrl;
    const aminah = httpCitizen({ bot: nextBot, sandbox: one.publicUrl, phone: '+60123456789' });
    expect(await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566')).toContain('kod 6 digit'); // one
    expect(await aminah.otp()).toContain('6 atau 12 bulan'); // two: knows the OTP request made on one
    expect(await aminah.say('tukar ke English')).toMatch(/English/); // one
    expect(await aminah.say('12 months')).toContain('RM90.00'); // two: language and progress both kept
    expect(await aminah.say('yes')).toContain('/sandbox/pay/'); // one
    expect(await aminah.pay()).toBe(200);
    await one.sandbox!.callbacksIdle();
    const receipt = await aminah.say('I have paid'); // two
    expect(receipt).toContain('Receipt');
    expect(await aminah.say('I have paid')).toMatch(/Nothing is waiting for payment/); // one

    const after = await ledger(one.publicUrl);
    expect(after.transactions.filter((t) => t.status === 'COMPLETED')).toHaveLength(1);
    expect(after.transactions[0]).toMatchObject({ service: 'jpj.roadtax.renew', ic: '850412-10-5566', amount: '90.00' });
    expect(after.payments).toHaveLength(1);
    expect(one.sandbox!.sms('+60123456789')).toHaveLength(1);
  }, 30_000);
});
