import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat } from '../../src/app';
import { run as report } from '../../src/cli/reportCommand';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { startBot } from '../helpers/bot';
import { CITIZENS, journey, SANDBOX_TODAY } from '../helpers/journey';

const ADMIN_TOKEN = 'operator-token-0123456789';
let bot: Awaited<ReturnType<typeof startBot>>;

beforeAll(async () => {
  bot = await startBot({ SANDBOX_TODAY, ADMIN_TOKEN });
});
afterAll(async () => {
  await bot.close();
});

const api = (path: string, init: RequestInit = {}) => fetch(`${bot.base}${path}`, { redirect: 'manual', ...init });
const asOperator = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };

describe('the operator API is locked', () => {
  it.each(['/admin/api/funnel', '/admin/api/handoffs', '/admin/api/unanswered', '/admin/api/satisfaction'])('%s refuses no token and a wrong token', async (path) => {
    expect((await api(path)).status).toBe(401);
    expect((await api(path, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await api(path, asOperator)).status).toBe(200);
  });

  it('the pages send a stranger to the login form; the form sets a session cookie that opens the API', async () => {
    const page = await api('/admin');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
    const wrong = await api('/admin/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    expect(wrong.headers.get('location')).toBe('/admin/login?error=1');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const login = await api('/admin/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${ADMIN_TOKEN}` });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const session = cookie.split(';')[0];
    expect((await api('/admin/api/funnel', { headers: { cookie: session } })).status).toBe(200);
    // A tampered cookie is refused.
    expect((await api('/admin/api/funnel', { headers: { cookie: session.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) } })).status).toBe(401);
  });

  it('without ADMIN_TOKEN the operator pages do not exist at all', async () => {
    const app = await startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), { port: 0, logger: createLogger({ level: 'silent' }) });
    try {
      expect((await fetch(`http://127.0.0.1:${app.port}/admin/api/funnel`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('the E2E funnel after the demo citizens', () => {
  it('counts completed online, refused and sent to a counter per service, and the report prints the E2E share', async () => {
    bot.app.sandbox!.reset();
    const aminah = journey(bot, CITIZENS.aminah.phone);
    await aminah.say('nak renew roadtax WXY 1234, ic 850412-10-5566');
    await aminah.otp();
    await aminah.say('12 bulan');
    await aminah.say('ya');
    await aminah.pay();
    await aminah.say('dah bayar');
    expect(aminah.text()).toContain('1 (teruk) hingga 5');
    await aminah.say('5');
    const tan = journey(bot, CITIZENS.tan.phone);
    await tan.say('renew road tax PKE 8812, IC 620815-07-5511');
    await tan.otp();
    const nur = journey(bot, CITIZENS.nurAisyah.phone);
    await nur.say('nak renew pasport 150303-01-1234');
    await nur.otp();
    await nur.say('ya');
    await nur.say('1');
    await nur.say('1');

    const funnel = await (await api('/admin/api/funnel', asOperator)).json();
    const roadTax = funnel.services.find((s: { service: string }) => s.service === 'jpj.roadtax.renew');
    expect(roadTax).toMatchObject({ started: 2, identified: 2, eligible: 1, refused: 1, paid: 1, completed: 1, counter: 0, abandoned: 0 });
    expect(roadTax.e2eShare).toBe(0.5);
    const passport = funnel.services.find((s: { service: string }) => s.service === 'jim.passport.renew');
    expect(passport).toMatchObject({ started: 1, refused: 1, counter: 1, completed: 0 });
    expect(funnel.refusalReasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'jpj.roadtax.renew', stage: 'refused', reason: 'INSURANCE_EXPIRED' }),
        expect.objectContaining({ service: 'jim.passport.renew', stage: 'counter', reason: 'CHILD_PASSPORT' }),
      ]),
    );
    expect(funnel.languages.ms).toBeGreaterThan(0);
    expect(funnel.languages.en).toBeGreaterThan(0);

    const satisfaction = await (await api('/admin/api/satisfaction', asOperator)).json();
    expect(satisfaction).toMatchObject({ count: 1, average: 5 });

    let printed = '';
    await report(['--url', bot.base], { ADMIN_TOKEN }, (text) => (printed += text));
    expect(printed).toMatch(/jpj\.roadtax\.renew\s+2\s+2\s+1\s+1\s+1\s+0\s+0\s+50\.0%/);
    let json = '';
    await report(['--url', bot.base, '--json'], { ADMIN_TOKEN }, (text) => (json += text));
    expect(JSON.parse(json).totals.completed).toBeGreaterThanOrEqual(2);
    await expect(report(['--url', bot.base], { ADMIN_TOKEN: 'wrong-wrong-wrong-wrong' }, () => undefined)).rejects.toThrow(/refused ADMIN_TOKEN/);
  });

  it('exposes the funnel, turn latency and agency calls on /metrics', async () => {
    const metrics = await (await fetch(`${bot.base}/metrics`)).text();
    expect(metrics).toMatch(/khidmat_funnel_events_total\{service="jpj.roadtax.renew",lang="ms",stage="completed"\} \d+/);
    expect(metrics).toContain('khidmat_turn_duration_seconds_bucket');
    expect(metrics).toMatch(/khidmat_agency_call_duration_seconds_count\{agency="JPJ",outcome="ok"\} \d+/);
  });

  it('lists questions the knowledge base could not answer, masked', async () => {
    const citizen = bot.citizen();
    await citizen.say('how do I withdraw my EPF savings? my ic 850412-10-5566');
    const { questions } = await (await api('/admin/api/unanswered', asOperator)).json();
    const epf = questions.find((q: { text: string }) => /EPF/.test(q.text));
    expect(epf).toBeDefined();
    expect(epf.text).not.toContain('850412-10-5566');
  });
});
