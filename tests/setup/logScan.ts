import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseMyKad } from '../../src/nlu/entities/mykad';

/**
 * What must never appear in a log line, checked on the logger's *output* (tests/setup/logAudit.ts).
 * Every string a record carries has been through src/observability/mask.ts, so the generic rules mirror
 * the masker's own patterns: a hit means a path that bypassed it (or a pattern it misses), never an
 * ordinary value the masker chose to keep. The named rules (demo citizens, known secrets, token
 * formats) do not depend on the masker at all.
 */
export interface ScanRules {
  /** Demo citizens' MyKads (any form: dashed, spaced, plain) — always a leak, wherever they appear. */
  mykads: string[];
  /** Demo citizens' phone numbers (E.164). */
  phones: string[];
  /** Literal secrets the tests configure (admin, callback, Telegram, WhatsApp...). */
  secrets: string[];
}

export interface Hit {
  rule: string;
  /** Masked: enough to find it, never the value. */
  fragment: string;
  /** Where in the record: a JSON path ("msg", "err.stack", "bindings key"...). */
  at: string;
}

export interface Finding extends Hit {
  file: string;
  line: number;
}

// Same shape as the masker's MYKAD (digit-only boundaries, optional separators); the date check below
// keeps 12-digit ids that are not MyKads out.
const MYKAD_SHAPED = /(?<!\d)\d{6}[-\s]?\d{2}[-\s]?\d{4}(?!\d)/g;
// The masker's OTP rule: 6 digits standing alone, not a decimal amount, not the kept birth date of a
// masked MyKad (850412-**-**66).
const OTP_SHAPED = /(?<![\d.])\d{6}(?!\d|\.\d|-\*\*)/g;
// Any base64url JSON object ("eyJ" is `{"`): a JWT, or the payload of a kvt1 token (it holds the MyKad).
const BASE64_JSON = /\beyJ[A-Za-z0-9_-]{16,}/g;
// The sandbox identity token, `kvt1.<payload>.<mac>` (src/sandbox/tokens.ts); masked it reads kvt1.[redacted].
const IDENTITY_TOKEN = /\bkvt1\.(?!\[)[A-Za-z0-9_-]{8,}/g;
const BEARER = /\b(?:Bearer|Basic)\s+(?!\[)[A-Za-z0-9._~+/=-]{6,}/gi;
// The operator session cookie (src/admin/auth.ts): `<expiry>.<hex HMAC>`.
const ADMIN_COOKIE = /\bkhidmat_admin=\d+\.[0-9a-f]{16,}/g;
// A Telegram bot token, `<bot id>:<secret>`, e.g. inside an API URL.
const BOT_TOKEN = /(?<!\d)\d{5,}:[A-Za-z0-9_-]{10,}/g;
// Keys under which a number is a code, not a count or a duration.
const CODE_KEY = /(otp|code|pin|tac)$/i;

/** First and last few characters and the length: recognisable in a report, useless to an attacker. */
export function maskFragment(raw: string): string {
  const keep = Math.min(2, Math.floor(raw.length / 5));
  return `${raw.slice(0, keep)}…${keep ? raw.slice(-keep) : ''} (${raw.length} chars)`;
}

function digitsPattern(value: string): RegExp {
  // The demo values in any spelling: separators optional between every digit group.
  const digits = value.replace(/\D/g, '');
  return new RegExp(digits.split('').join('[-\\s]?'), 'g');
}

export function compileScanner(rules: ScanRules) {
  const citizenMyKads = rules.mykads.map((ic) => ({ ic, pattern: digitsPattern(ic) }));
  // Phones with any prefix (+60, 60, 0) and separators, not glued to more digits.
  const citizenPhones = rules.phones.map((phone) => ({
    phone,
    pattern: new RegExp(`(?<!\\d)(?:\\+?60|0)[-\\s]?${digitsPattern(phone.replace(/^\+?60/, '')).source}(?!\\d)`, 'g'),
  }));
  const secrets = [...new Set(rules.secrets)].filter((s) => s.length >= 7);

  function scanString(text: string, at: string): Hit[] {
    const hits: Hit[] = [];
    const add = (rule: string, raw: string) => hits.push({ rule, fragment: maskFragment(raw), at });
    for (const { pattern } of citizenMyKads) for (const m of text.matchAll(pattern)) add('demo citizen MyKad', m[0]);
    for (const m of text.matchAll(MYKAD_SHAPED)) {
      if (citizenMyKads.some(({ pattern }) => new RegExp(pattern.source).test(m[0]))) continue;
      const parsed = parseMyKad(m[0]);
      // A real birth date is what makes 12 digits a MyKad; an unassigned place code is still one.
      if (parsed.ok || parsed.reason === 'unknown_place_of_birth') add('MyKad', m[0]);
    }
    for (const { pattern } of citizenPhones) for (const m of text.matchAll(pattern)) add('demo citizen phone', m[0]);
    // Six digits inside a 12-digit MyKad shape are that MyKad's, judged above.
    const mykadSpans = [...text.matchAll(MYKAD_SHAPED)].map((m) => [m.index, m.index + m[0].length] as const);
    for (const m of text.matchAll(OTP_SHAPED)) if (!mykadSpans.some(([from, to]) => m.index >= from && m.index < to)) add('OTP-like 6 digits', m[0]);
    for (const m of text.matchAll(BASE64_JSON)) add('JWT / base64 JSON', m[0]);
    for (const m of text.matchAll(IDENTITY_TOKEN)) add('identity token (kvt1)', m[0]);
    for (const m of text.matchAll(BEARER)) add('bearer credential', m[0]);
    for (const m of text.matchAll(ADMIN_COOKIE)) add('admin session cookie', m[0]);
    for (const m of text.matchAll(BOT_TOKEN)) add('Telegram bot token', m[0]);
    for (const secret of secrets) if (text.includes(secret)) add('known test secret', secret);
    return hits;
  }

  function scanValue(value: unknown, at: string, key: string): Hit[] {
    if (typeof value === 'string') return scanString(value, at);
    if (typeof value === 'number') {
      const text = String(value);
      const hits = Number.isInteger(value) ? scanString(text, at).filter((hit) => hit.rule !== 'OTP-like 6 digits') : [];
      // A 6-digit number is a count or a duration unless its key says it is a code.
      if (Number.isInteger(value) && /^\d{6}$/.test(text) && CODE_KEY.test(key)) hits.push({ rule: 'OTP-like 6 digits', fragment: maskFragment(text), at });
      return hits;
    }
    if (value === null || typeof value !== 'object') return [];
    const hits: Hit[] = [];
    for (const [k, v] of Object.entries(value)) {
      const keyHits = scanString(k, '');
      // A leaking key must not show in the report's path either.
      const path = `${at ? `${at}.` : ''}${keyHits.length ? `‹${maskFragment(k)}›` : k}`;
      hits.push(...keyHits.map((hit) => ({ ...hit, at: `${path} (key)` })), ...scanValue(v, path, k));
    }
    return hits;
  }

  /** Every leak in one log line (a pino JSON record; anything else is scanned as text). */
  return function scanLine(line: string): Hit[] {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return scanString(line, '(not JSON)');
    }
    // The record's own envelope is never personal data.
    if (record && typeof record === 'object' && !Array.isArray(record)) {
      const { level: _level, time: _time, ...rest } = record as Record<string, unknown>;
      return scanValue(rest, '', '');
    }
    return scanValue(record, '', '');
  };
}

export interface AuditResult {
  files: number;
  lines: number;
  findings: Finding[];
}

/** Scans every line of every file in `dir`. */
export function scanLogDir(dir: string, rules: ScanRules): AuditResult {
  const scanLine = compileScanner(rules);
  const result: AuditResult = { files: 0, lines: 0, findings: [] };
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    result.files += 1;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      result.lines += 1;
      for (const hit of scanLine(line)) result.findings.push({ file, line: index + 1, ...hit });
    });
  }
  return result;
}

/**
 * The rules for this repository: demo citizens from tests/helpers/journey.ts (CITIZENS), and every
 * literal a test (or the config's defaults) gives a *TOKEN / *SECRET / *PASSWORD / *API_KEY.
 */
export function repositoryRules(root: string): ScanRules {
  const journey = readFileSync(join(root, 'tests/helpers/journey.ts'), 'utf8');
  const citizens = journey.slice(journey.indexOf('CITIZENS'), journey.indexOf('} as const', journey.indexOf('CITIZENS')));
  const mykads = [...citizens.matchAll(/\bic:\s*'([\d-]+)'/g)].map((m) => m[1]!);
  const phones = [...citizens.matchAll(/\bphone:\s*'(\+\d+)'/g)].map((m) => m[1]!);
  if (mykads.length === 0 || phones.length === 0) throw new Error('log audit: no demo citizens found in tests/helpers/journey.ts (CITIZENS)');
  const secrets: string[] = [];
  const named = /\b\w*(?:token|secret|password|api_?key)\w*['"]?\s*[:=]\s*(?:'(.)'\.repeat\((\d+)\)|(['"`])([^'"`$\n]+)\3)/gi;
  for (const file of [...sourceFiles(join(root, 'tests')), join(root, 'src/config.ts')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(named)) secrets.push(m[4] ?? m[1]!.repeat(Number(m[2])));
    // Defaults in the config schema: PAYMENT_CALLBACK_SECRET: ...default('...')
    for (const m of text.matchAll(/(?:TOKEN|SECRET|PASSWORD)\b[^\n]*\.default\('([^']+)'\)/g)) secrets.push(m[1]!);
  }
  return { mykads, phones, secrets };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The report: one line per finding, masked, grouped so a flood of one leak stays readable. */
export function formatFindings(findings: Finding[], root: string, limit = 40): string {
  const lines = findings.slice(0, limit).map((f) => `  ${relative(root, f.file)}:${f.line}  ${f.rule} at ${f.at}: ${f.fragment}`);
  if (findings.length > limit) lines.push(`  … and ${findings.length - limit} more`);
  return lines.join('\n');
}
