import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AMINAH, startSandbox, TAN, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

const codeFromSms = async (phone: string) => {
  const sms = await h.call('GET', `/sms?to=${encodeURIComponent(phone)}`);
  return /(\d{6})/.exec(sms.body.messages.at(-1).text)![1]!;
};
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('OTP', () => {
  it('sends a 6-digit code to the phone on record, in Malay and English', async () => {
    const sent = await h.call('POST', '/identity/otp', { body: { ic: '850412105566' } });
    expect(sent.status).toBe(202);
    const sms = await h.call('GET', `/sms?to=${encodeURIComponent(AMINAH.phone)}`);
    expect(sms.body.messages).toHaveLength(1);
    expect(sms.body.messages[0].to).toBe(AMINAH.phone);
    expect(sms.body.messages[0].text).toMatch(/Kod pengesahan anda ialah \d{6}\. Sah selama 5 minit/);
    expect(sms.body.messages[0].text).toMatch(/Your verification code is \d{6}\. Valid for 5 minutes/);
  });

  it('answers an unknown MyKad exactly like a known one, and sends nothing', async () => {
    const known = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    const unknown = await h.call('POST', '/identity/otp', { body: { ic: '010101-01-0101' } });
    expect(unknown.status).toBe(known.status);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
    expect(unknown.body.expiresInSeconds).toBe(known.body.expiresInSeconds);
    expect((await h.call('GET', '/sms')).body.messages).toHaveLength(1);
    const verify = await h.call('POST', '/identity/otp/verify', { body: { requestId: unknown.body.requestId, code: '123456' } });
    expect(verify.status).toBe(422);
    expect(verify.body.error.code).toBe('OTP_INVALID');
  });

  it('issues a token for the right code, usable once', async () => {
    const sent = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    const code = await codeFromSms(AMINAH.phone);
    const ok = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code } });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^kvt1\./);
    expect(Date.parse(ok.body.expiresAt) - h.sandbox.clock.nowMs()).toBeGreaterThan(14 * 60_000);
    const again = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code } });
    expect([again.status, again.body.error.code]).toEqual([410, 'OTP_USED']);
  });

  it('also verifies by MyKad (the latest code sent to it)', async () => {
    await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    const code = await codeFromSms(AMINAH.phone);
    const ok = await h.call('POST', '/identity/otp/verify', { body: { ic: '850412105566', code } });
    expect(ok.status).toBe(200);
    const none = await h.call('POST', '/identity/otp/verify', { body: { ic: TAN.ic, code } });
    expect([none.status, none.body.error.code]).toEqual([422, 'OTP_INVALID']);
    const neither = await h.call('POST', '/identity/otp/verify', { body: { code } });
    expect(neither.status).toBe(400);
  });

  it('expires the code after 5 minutes', async () => {
    const sent = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    const code = await codeFromSms(AMINAH.phone);
    h.sandbox.clock.advance(5 * 60_000 + 1000);
    const late = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code } });
    expect([late.status, late.body.error.code]).toEqual([410, 'OTP_EXPIRED']);
  });

  it('locks the MyKad out after 3 wrong tries, even with the right code, then lets it in after the lock-out', async () => {
    const sent = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    const code = await codeFromSms(AMINAH.phone);
    const first = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code: wrong(code) } });
    expect([first.status, first.body.error.details.attemptsLeft]).toEqual([422, 2]);
    const second = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code: wrong(code) } });
    expect(second.body.error.details.attemptsLeft).toBe(1);
    const third = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code: wrong(code) } });
    expect([third.status, third.body.error.code]).toEqual([423, 'OTP_LOCKED']);
    expect(third.body.error.details.retryAfterSeconds).toBe(15 * 60);

    const right = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code } });
    expect([right.status, right.body.error.code]).toEqual([423, 'OTP_LOCKED']);
    const resend = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    expect([resend.status, resend.body.error.code]).toEqual([423, 'OTP_LOCKED']);

    h.sandbox.clock.advance(15 * 60_000 + 1000);
    await expect(h.login(AMINAH)).resolves.toMatch(/^kvt1\./);
  });

  it('counts wrong tries per MyKad across new codes (asking again does not reset the count)', async () => {
    for (let i = 0; i < 2; i += 1) {
      const sent = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
      const code = await codeFromSms(AMINAH.phone);
      await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code: wrong(code) } });
    }
    const sent = await h.call('POST', '/identity/otp', { body: { ic: AMINAH.ic } });
    const code = await codeFromSms(AMINAH.phone);
    const third = await h.call('POST', '/identity/otp/verify', { body: { requestId: sent.body.requestId, code: wrong(code) } });
    expect(third.body.error.code).toBe('OTP_LOCKED');
  });
});

describe('verification token on personal data', () => {
  it('is required (401 without, 401 when forged)', async () => {
    const none = await h.call('GET', `/jpj/licence?ic=${AMINAH.ic}`);
    expect([none.status, none.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const token = await h.login(AMINAH);
    const forged = `${token.slice(0, -4)}AAAA`;
    const bad = await h.call('GET', `/jpj/licence?ic=${AMINAH.ic}`, { token: forged });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('only opens the MyKad it was issued for (403 for another)', async () => {
    const token = await h.login(AMINAH);
    const other = await h.call('GET', `/jpj/licence?ic=${TAN.ic}`, { token });
    expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const own = await h.call('GET', `/jpj/licence?ic=850412105566`, { token });
    expect(own.status).toBe(200);
  });

  it('expires after 15 minutes', async () => {
    const token = await h.login(AMINAH);
    h.sandbox.clock.advance(15 * 60_000 + 1000);
    const late = await h.call('GET', `/jim/passport?ic=${AMINAH.ic}`, { token });
    expect([late.status, late.body.error.code]).toEqual([401, 'TOKEN_EXPIRED']);
  });

  it('a token from another sandbox (other key) is refused', async () => {
    const other = await startSandbox();
    try {
      const foreign = await other.login(AMINAH);
      const reply = await h.call('GET', `/jpj/licence?ic=${AMINAH.ic}`, { token: foreign });
      expect(reply.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
