import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * A stand-in for the admin routes, built from the JSON API contract of issue 9: the operator pages
 * at the paths the real routes serve them, under the same strict CSP, a token login that sets an
 * HttpOnly cookie, and canned API answers. It lets the pages be tested on their own.
 */
export const ADMIN_STATIC_DIR = join(__dirname, '..', '..', 'src', 'admin', 'static');
export const FAKE_TOKEN = 'fake-admin-token-0123456789';
const COOKIE = 'khidmat_admin=fake-session';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const PAGES: Record<string, string> = { '/admin': 'dashboard.html', '/admin/handoff': 'handoff.html', '/admin/login': 'login.html' };

export const SERVICES = [
  { service: 'jpj.roadtax.renew', title: { ms: 'Pembaharuan cukai jalan (LKM)', en: 'Road tax (LKM) renewal' }, base: 30, share: 0.62 },
  { service: 'jpj.summons.check', title: { ms: 'Semak dan bayar saman', en: 'Check and pay summonses' }, base: 22, share: 0.71 },
  { service: 'jpj.licence.renew', title: { ms: 'Pembaharuan lesen memandu (LMM)', en: 'Driving licence renewal' }, base: 14, share: 0.48 },
  { service: 'jim.passport.renew', title: { ms: 'Pembaharuan pasport', en: 'Passport renewal' }, base: 18, share: 0.35 },
  { service: 'appointment.book', title: { ms: 'Tempahan janji temu kaunter', en: 'Counter appointment booking' }, base: 6, share: 0.9 },
] as const;

export const DAYS = Array.from({ length: 14 }, (_, index) => `2026-06-${String(index + 1).padStart(2, '0')}`);

/** Fourteen days of numbers that rise gently, with a quiet public holiday (2026-06-07) with none. */
function byDay() {
  const rows: Array<{ day: string; service: string; started: number; completed: number; e2eShare: number | null }> = [];
  DAYS.forEach((day, index) => {
    if (day === '2026-06-07') return;
    for (const entry of SERVICES) {
      const started = entry.base + ((index * 7 + entry.base) % 9);
      const completed = Math.min(started, Math.round(started * (entry.share - 0.12 + index * 0.015)));
      rows.push({ day, service: entry.service, started, completed, e2eShare: completed / started });
    }
  });
  return rows;
}

interface ServiceRow {
  service: string;
  title: { ms: string; en: string };
  started: number;
  identified: number;
  eligible: number;
  refused: number;
  paid: number;
  completed: number;
  counter: number;
  abandoned: number;
  e2eShare: number | null;
}

export function fakeFunnel() {
  const days = byDay();
  const services: ServiceRow[] = SERVICES.map((entry) => {
    const rows = days.filter((row) => row.service === entry.service);
    const started = rows.reduce((sum, row) => sum + row.started, 0);
    const completed = rows.reduce((sum, row) => sum + row.completed, 0);
    const rest = started - completed;
    const counter = Math.round(rest * 0.5);
    const abandoned = rest - counter;
    const identified = completed + counter + Math.round(abandoned / 2);
    return {
      service: entry.service,
      title: entry.title,
      started,
      identified,
      eligible: completed + Math.round(abandoned / 3),
      refused: counter,
      paid: completed,
      completed,
      counter,
      abandoned,
      e2eShare: completed / started,
    };
  });
  services.push({ service: 'jim.travel.check', title: { ms: 'Semakan sekatan perjalanan', en: 'Travel restriction check' }, started: 0, identified: 0, eligible: 0, refused: 0, paid: 0, completed: 0, counter: 0, abandoned: 0, e2eShare: null });
  const sum = (key: 'started' | 'identified' | 'eligible' | 'refused' | 'paid' | 'completed' | 'counter' | 'abandoned') => services.reduce((total, entry) => total + entry[key], 0);
  const totals = {
    started: sum('started'),
    identified: sum('identified'),
    eligible: sum('eligible'),
    refused: sum('refused'),
    paid: sum('paid'),
    completed: sum('completed'),
    counter: sum('counter'),
    abandoned: sum('abandoned'),
    e2eShare: sum('completed') / sum('started'),
  };
  return {
    generatedAt: '2026-06-14T09:30:00.000Z',
    totals,
    services,
    byDay: days,
    languages: { ms: Math.round(totals.started * 0.64), en: totals.started - Math.round(totals.started * 0.64) },
    refusalReasons: [
      { service: 'jpj.roadtax.renew', stage: 'refused', reason: 'INSURANCE_EXPIRED', count: 48 },
      { service: 'jim.passport.renew', stage: 'counter', reason: 'CHILD_PASSPORT', count: 41 },
      { service: 'jim.passport.renew', stage: 'counter', reason: 'FIRST_PASSPORT', count: 33 },
      { service: 'jpj.roadtax.renew', stage: 'refused', reason: 'SUMMONS_BLACKLIST', count: 27 },
      { service: 'jpj.licence.renew', stage: 'counter', reason: 'LICENCE_VOID', count: 19 },
      { service: 'jpj.roadtax.renew', stage: 'abandoned', reason: 'TRANSACTION_EXPIRED', count: 15 },
      { service: 'jpj.licence.renew', stage: 'counter', reason: 'PROBATIONARY_LICENCE', count: 12 },
      { service: 'jpj.roadtax.renew', stage: 'abandoned', reason: 'SOME_NEW_CODE', count: 4 },
    ],
  };
}

export const UNANSWERED = {
  questions: [
    { text: 'Boleh tak renew roadtax motor yang dah mati 5 tahun?', lang: 'ms', count: 23, lastAt: '2026-06-14T08:12:00.000Z' },
    { text: 'Can I renew my passport if I am overseas?', lang: 'en', count: 17, lastAt: '2026-06-14T07:40:00.000Z' },
    { text: 'Berapa lama nak dapat lesen baru selepas hilang?', lang: 'ms', count: 11, lastAt: '2026-06-13T16:02:00.000Z' },
    { text: 'My IC 850412-**-**66 shows wrong address, how to fix?', lang: 'en', count: 6, lastAt: '2026-06-13T10:21:00.000Z' },
  ],
};

export const SATISFACTION = {
  count: 412,
  average: 4.23,
  ratings: { '1': 12, '2': 18, '3': 41, '4': 112, '5': 229 },
  byService: [
    { service: 'jpj.roadtax.renew', count: 201, average: 4.4 },
    { service: 'jpj.summons.check', count: 130, average: 4.1 },
    { service: 'jim.passport.renew', count: 81, average: 3.9 },
  ],
};

export interface FakeHandoff {
  id: string;
  channel: string;
  lang: 'ms' | 'en';
  status: 'waiting' | 'active';
  since: string;
  officer: string | null;
  reason: string;
  context: { service: string | null; details: Record<string, string> };
  waitingMinutes: number;
}

interface Message { seq: number; from: 'citizen' | 'officer' | 'bot'; text: string; at: string }

function seedHandoffs(): FakeHandoff[] {
  return [
    { id: 'h-aminah', channel: 'telegram', lang: 'ms', status: 'waiting', since: '2026-06-14T09:02:00.000Z', officer: null, reason: 'asked', context: { service: 'jpj.roadtax.renew', details: { MyKad: '850412-**-**66', plate: 'WXY 1234' } }, waitingMinutes: 12 },
    { id: 'h-tan', channel: 'whatsapp', lang: 'en', status: 'waiting', since: '2026-06-14T09:10:00.000Z', officer: null, reason: 'unhelped', context: { service: null, details: {} }, waitingMinutes: 4 },
    { id: 'h-muthu', channel: 'webchat', lang: 'en', status: 'active', since: '2026-06-14T08:50:00.000Z', officer: 'Officer Lee', reason: 'asked', context: { service: 'jpj.summons.check', details: { MyKad: '990101-**-**73' } }, waitingMinutes: 0 },
  ];
}

export interface FakeAdminApi {
  base: string;
  requests: Array<{ method: string; path: string; body: string }>;
  handoffs: FakeHandoff[];
  messages: Map<string, Message[]>;
  /** The citizen writes on their channel. */
  citizenSays(id: string, text: string): void;
  /** Makes the next take of this handoff fail as if another officer had taken it first. */
  takenElsewhere: Set<string>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => resolve(body));
  });
}

export async function startFakeAdminApi(): Promise<FakeAdminApi> {
  const files = new Set(readdirSync(ADMIN_STATIC_DIR));
  const handoffs = seedHandoffs();
  const messages = new Map<string, Message[]>([
    ['h-aminah', [
      { seq: 1, from: 'citizen', text: 'Saya nak cakap dengan pegawai', at: '2026-06-14T09:01:30.000Z' },
      { seq: 2, from: 'bot', text: 'Baik, saya sambungkan anda kepada pegawai. Anggaran menunggu: 10 minit.', at: '2026-06-14T09:02:00.000Z' },
    ]],
  ]);
  let seq = 2;
  const requests: FakeAdminApi['requests'] = [];
  const takenElsewhere = new Set<string>();

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = await readBody(request);
    requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search, body });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(JSON.stringify(value));
    };
    const redirect = (location: string, headers: Record<string, string> = {}) => {
      response.writeHead(303, { location, ...headers });
      response.end();
    };
    const serve = (file: string) => {
      const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
      response.end(readFileSync(join(ADMIN_STATIC_DIR, file)));
    };
    const loggedIn = (request.headers.cookie ?? '').split(/;\s*/).includes(COOKIE);

    if (request.method === 'GET' && PAGES[url.pathname]) return serve(PAGES[url.pathname]!);
    const asset = /^\/admin\/static\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (request.method === 'GET' && asset && files.has(asset)) return serve(asset);
    if (request.method === 'POST' && url.pathname === '/admin/login') {
      const token = new URLSearchParams(body).get('token');
      if (token === FAKE_TOKEN) return redirect('/admin', { 'set-cookie': `${COOKIE}; HttpOnly; SameSite=Strict; Path=/admin` });
      return redirect('/admin/login?error=1');
    }
    if (request.method === 'POST' && url.pathname === '/admin/logout') {
      return redirect('/admin/login', { 'set-cookie': 'khidmat_admin=; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=0' });
    }
    if (!url.pathname.startsWith('/admin/api/')) return json(404, { error: 'not found' });
    if (!loggedIn) return json(401, { error: 'unauthorised' });

    if (url.pathname === '/admin/api/funnel') return json(200, fakeFunnel());
    if (url.pathname === '/admin/api/unanswered') return json(200, UNANSWERED);
    if (url.pathname === '/admin/api/satisfaction') return json(200, SATISFACTION);
    if (url.pathname === '/admin/api/handoffs') {
      return json(200, { officeHours: { open: true, text: { ms: 'Isnin–Jumaat, 8.30 pagi – 5.00 petang', en: 'Monday–Friday, 8.30 am – 5.00 pm' } }, handoffs });
    }
    const [, id, action] = /^\/admin\/api\/handoffs\/([\w-]+)\/(take|messages|release)$/.exec(url.pathname) ?? [];
    const handoff = handoffs.find((entry) => entry.id === id);
    if (!handoff) return json(404, { error: 'no such handoff' });
    if (action === 'take' && request.method === 'POST') {
      if (takenElsewhere.has(handoff.id)) return json(409, { error: 'taken' });
      handoff.status = 'active';
      handoff.officer = (JSON.parse(body) as { officer: string }).officer;
      return json(200, handoff);
    }
    if (action === 'messages' && request.method === 'GET') {
      const after = Number(url.searchParams.get('after') ?? 0);
      return json(200, { messages: (messages.get(handoff.id) ?? []).filter((message) => message.seq > after) });
    }
    if (action === 'messages' && request.method === 'POST') {
      const { text } = JSON.parse(body) as { text: string };
      seq += 1;
      messages.set(handoff.id, [...(messages.get(handoff.id) ?? []), { seq, from: 'officer', text, at: new Date().toISOString() }]);
      return json(200, { seq });
    }
    if (action === 'release' && request.method === 'POST') {
      handoffs.splice(handoffs.indexOf(handoff), 1);
      return json(200, { released: true });
    }
    return json(405, { error: 'method not allowed' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    handoffs,
    messages,
    takenElsewhere,
    citizenSays(id, text) {
      seq += 1;
      messages.set(id, [...(messages.get(id) ?? []), { seq, from: 'citizen', text, at: new Date().toISOString() }]);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }

/** axe-core through the DevTools protocol (not subject to the page's CSP); every violation counts. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE};void 0`);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
}

/** What the browser refused (CSP), threw, or fetched from elsewhere. */
export function watch(page: Page, base: string) {
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('request', (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  return { problems, foreign };
}

