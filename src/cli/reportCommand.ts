import type { FunnelReport } from '../observability/funnelReport';

/**
 * `npx khidmat report [--url URL] [--json]`: the E2E funnel per service from a running instance,
 * read from /admin/api/funnel with ADMIN_TOKEN.
 */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<void> {
  const json = argv.includes('--json');
  const urlIndex = argv.indexOf('--url');
  const base = (urlIndex >= 0 ? argv[urlIndex + 1] : undefined) ?? env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT ?? 3978}`;
  if (!base || !URL.canParse(base)) throw new Error(`--url must be the base URL of a running Khidmat, e.g. http://127.0.0.1:3978 (got "${base ?? ''}")`);
  const token = env.ADMIN_TOKEN;
  if (!token) throw new Error('ADMIN_TOKEN is not set: the report reads the operator API, which needs it');

  let response: Response;
  try {
    response = await fetch(new URL('/admin/api/funnel', base), { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new Error(`cannot reach Khidmat at ${base} (${(err as Error).message}); is it running?`);
  }
  if (response.status === 401) throw new Error('the instance refused ADMIN_TOKEN (401)');
  if (response.status === 404) throw new Error('the instance has no operator API (is ADMIN_TOKEN set on the server?)');
  if (!response.ok) throw new Error(`the instance answered HTTP ${response.status}`);
  const report = (await response.json()) as FunnelReport;
  if (json) {
    out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  out(formatReport(report));
}

export function formatReport(report: FunnelReport): string {
  const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
  const header = ['service', 'started', 'identified', 'eligible', 'paid', 'completed', 'counter', 'abandoned', 'E2E share'];
  const rows = [
    ...report.services.map((s) => [s.service, s.started, s.identified, s.eligible, s.paid, s.completed, s.counter, s.abandoned, percent(s.e2eShare)]),
    ['ALL', report.totals.started, report.totals.identified, report.totals.eligible, report.totals.paid, report.totals.completed, report.totals.counter, report.totals.abandoned, percent(report.totals.e2eShare)],
  ].map((row) => row.map(String));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const reasons = report.refusalReasons.slice(0, 10).map((r) => `  ${r.service}  ${r.stage}  ${r.reason}  ${r.count}`);
  return [
    `Khidmat E2E funnel — ${report.generatedAt}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `Languages (started): ms ${report.languages.ms}, en ${report.languages.en}`,
    ...(reasons.length ? ['Top refusal / counter reasons:', ...reasons] : []),
    '',
  ].join('\n');
}
