import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AMINAH, startSandbox, TAN, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

async function apply(person: typeof AMINAH, fee: string) {
  const token = await h.login(person);
  const paymentId = await h.paidPayment(fee);
  const reply = await h.call('POST', '/jim/passport/renew', { token, key: `pp-${person.ic}`, body: { ic: person.ic, collectionOfficeId: 'JIM-PUTRAJAYA', paymentId } });
  return { token, reply };
}

describe('passport application', () => {
  it('moves from submitted to processing to ready for collection with the sandbox clock', async () => {
    const { reply } = await apply(AMINAH, '200.00');
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'SUBMITTED', category: 'STANDARD', amount: '200.00', collectionOffice: { id: 'JIM-PUTRAJAYA' } });
    // Applied at 09:00 on a working day, before the 3 pm cut-off: ready an hour later.
    expect(Date.parse(reply.body.readyAt) - Date.parse(reply.body.submittedAt)).toBe(60 * 60_000);

    // The verification token lasts 15 minutes, so each check verifies again, as the bot would.
    const status = async () => h.call('GET', `/jim/passport/applications/${reply.body.applicationId}?ic=${AMINAH.ic}`, { token: await h.login(AMINAH) });
    h.sandbox.clock.advance(11 * 60_000);
    expect((await status()).body.status).toBe('PROCESSING');
    h.sandbox.clock.advance(50 * 60_000);
    const ready = await status();
    expect(ready.body.status).toBe('READY_FOR_COLLECTION');
    expect((await h.call('GET', `/jim/passport/applications?ic=${AMINAH.ic}`, { token: await h.login(AMINAH) })).body.applications).toHaveLength(1);
  });

  it('after 3 pm the passport is ready at 10 am on the next working day', async () => {
    h.sandbox.clock.advance(6.5 * 60 * 60_000); // 15:30 on Monday
    const { reply } = await apply(TAN, '100.00');
    expect(reply.body.category).toBe('SENIOR');
    expect(reply.body.readyAt).toBe('2026-06-16T02:00:00.000Z');
  });

  it('keeps another citizen’s application private (404)', async () => {
    const { reply } = await apply(AMINAH, '200.00');
    const tan = await h.login(TAN);
    const other = await h.call('GET', `/jim/passport/applications/${reply.body.applicationId}?ic=${TAN.ic}`, { token: tan });
    expect(other.status).toBe(404);
  });

  it('refuses a renewal the rules send to the counter, with the reasons', async () => {
    const token = await h.login({ ic: '150303-01-1234', phone: '+60191112233' });
    const paymentId = await h.paidPayment('100.00');
    const reply = await h.call('POST', '/jim/passport/renew', { token, body: { ic: '150303-01-1234', collectionOfficeId: 'JIM-PUTRAJAYA', paymentId } });
    expect([reply.status, reply.body.error.code, reply.body.error.details.reasons]).toEqual([422, 'NOT_ELIGIBLE', [{ code: 'CHILD_PASSPORT', age: 11 }]]);
  });
});
