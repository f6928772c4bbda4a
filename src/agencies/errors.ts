import type { Bilingual } from '../i18n/lang';

/**
 * The small family of errors an agency call can end in. Callers react by class (a refusal is
 * explained, an outage is "try again later", an expired verification asks for a new OTP), and
 * `citizenMessage` turns any of them into what the bot says, in both languages.
 */

export const AGENCY_NAMES = ['JPJ', 'JIM', 'PAYMENT', 'IDENTITY'] as const;
export type AgencyName = (typeof AGENCY_NAMES)[number];

/** Where an error happened. The path never carries the query string (it may hold a MyKad). */
export interface AgencyErrorContext {
  method?: string;
  path?: string;
  /** The `X-Request-Id` sent, so an officer can find the call in the agency's logs. */
  requestId?: string;
  cause?: unknown;
}

export class AgencyError extends Error {
  readonly method?: string;
  readonly path?: string;
  readonly requestId?: string;

  constructor(
    readonly agency: AgencyName,
    message: string,
    context: AgencyErrorContext = {},
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.method = context.method;
    this.path = context.path;
    this.requestId = context.requestId;
  }
}

export type UnavailableKind = 'network' | 'timeout' | 'server' | 'breaker-open';

/** The agency did not answer usefully: nothing was decided, so the same request may be tried later. */
export class AgencyUnavailableError extends AgencyError {
  readonly kind: UnavailableKind;
  /** HTTP status for kind 'server' (5xx, or 429 when the agency is rate-limiting us). */
  readonly status?: number;
  /** How long the agency asked us to wait (Retry-After), or until the breaker lets a trial call through. */
  readonly retryAfterMs?: number;

  constructor(
    agency: AgencyName,
    kind: UnavailableKind,
    context: AgencyErrorContext & { status?: number; retryAfterMs?: number } = {},
  ) {
    const where = context.method && context.path ? ` on ${context.method} ${context.path}` : '';
    const status = context.status !== undefined ? ` ${context.status}` : '';
    super(agency, `${agency} unavailable (${kind}${status})${where}`, context);
    this.kind = kind;
    this.status = context.status;
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** The agency answered and said no (4xx with `{"error":{"code","message","details"}}`). Never retried. */
export class AgencyRefusedError extends AgencyError {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    agency: AgencyName,
    refusal: { status: number; code: string; message?: string; details?: Record<string, unknown> },
    context: AgencyErrorContext = {},
  ) {
    super(agency, `${agency} refused (${refusal.status} ${refusal.code})${refusal.message ? `: ${refusal.message}` : ''}`, context);
    this.status = refusal.status;
    this.code = refusal.code;
    this.details = refusal.details ?? {};
  }
}

/** 401/403: the verification token is missing, expired or does not cover this record. */
export class AgencyAuthError extends AgencyError {
  readonly status: 401 | 403;
  /** The agency's error code when its body had one (e.g. TOKEN_EXPIRED), else `HTTP_401`/`HTTP_403`. */
  readonly code: string;

  constructor(agency: AgencyName, status: 401 | 403, context: AgencyErrorContext & { code?: string } = {}) {
    super(agency, `${agency} refused authorisation (${status}${context.code ? ` ${context.code}` : ''})`, context);
    this.status = status;
    this.code = context.code ?? `HTTP_${status}`;
  }
}

/** The agency answered 2xx but not with what the contract promises (not JSON, or the wrong shape). */
export class AgencyResponseError extends AgencyError {
  /** Where the reply broke the contract: `path: problem`, never the values themselves. */
  readonly issues: string[];
  readonly status?: number;

  constructor(agency: AgencyName, issues: string[], context: AgencyErrorContext & { status?: number } = {}) {
    super(agency, `${agency} sent a reply that breaks the contract: ${issues.slice(0, 5).join('; ')}`, context);
    this.issues = issues;
    this.status = context.status;
  }
}

// ---------- what the citizen is told ----------

const AGENCY_TITLE: Readonly<Record<AgencyName, Bilingual>> = {
  JPJ: { ms: 'Sistem JPJ', en: 'The JPJ system' },
  JIM: { ms: 'Sistem Imigresen (JIM)', en: 'The Immigration (JIM) system' },
  PAYMENT: { ms: 'Gerbang pembayaran', en: 'The payment gateway' },
  IDENTITY: { ms: 'Perkhidmatan pengesahan identiti', en: 'The identity verification service' },
};

const KEPT: Bilingual = {
  ms: 'Butiran yang telah anda berikan tetap disimpan.',
  en: 'Your progress is kept.',
};

function join(...parts: Bilingual[]): Bilingual {
  return { ms: parts.map((p) => p.ms).join(' '), en: parts.map((p) => p.en).join(' ') };
}

function titled(agency: AgencyName, text: Bilingual): Bilingual {
  const title = AGENCY_TITLE[agency];
  return { ms: `${title.ms} ${text.ms}`, en: `${title.en} ${text.en}` };
}

/**
 * What the bot tells the citizen when an agency call fails: what happened in plain words and the way
 * forward. Refusal codes a flow knows (ineligible, blacklisted...) are explained by the flow itself;
 * this is the fallback that never leaves the citizen with silence or a stack trace.
 */
export function citizenMessage(err: unknown): Bilingual {
  if (err instanceof AgencyUnavailableError) {
    if (err.kind === 'breaker-open') {
      return join(
        titled(err.agency, { ms: 'tidak dapat digunakan buat sementara waktu.', en: 'is temporarily unavailable.' }),
        { ms: 'Sila cuba lagi dalam beberapa minit.', en: 'Please try again in a few minutes.' },
        KEPT,
      );
    }
    if (err.status === 429) {
      return join(
        titled(err.agency, { ms: 'sedang sibuk sekarang.', en: 'is busy right now.' }),
        { ms: 'Sila cuba lagi dalam beberapa minit.', en: 'Please try again in a few minutes.' },
        KEPT,
      );
    }
    return join(
      titled(err.agency, { ms: 'tidak menjawab sekarang.', en: 'is not responding right now.' }),
      { ms: 'Sila cuba lagi dalam beberapa minit.', en: 'Please try again in a few minutes.' },
      KEPT,
    );
  }
  if (err instanceof AgencyAuthError) {
    return {
      ms: 'Pengesahan identiti anda telah tamat tempoh. Sila sahkan semula dengan kod yang akan dihantar ke telefon anda; butiran yang telah anda berikan tetap disimpan.',
      en: 'Your identity verification has expired. Please verify again with the code we will send to your phone; your progress is kept.',
    };
  }
  if (err instanceof AgencyRefusedError) {
    return join(
      titled(err.agency, { ms: 'tidak dapat memproses permohonan ini.', en: 'could not process this request.' }),
      {
        ms: 'Sila semak butiran anda dan cuba lagi, atau dapatkan bantuan di kaunter.',
        en: 'Please check your details and try again, or get help at a counter.',
      },
    );
  }
  if (err instanceof AgencyResponseError) {
    return join(
      titled(err.agency, { ms: 'memberikan jawapan yang tidak dijangka.', en: 'sent an unexpected reply.' }),
      {
        ms: 'Sila cuba lagi dalam beberapa minit. Jika masalah berterusan, dapatkan bantuan di kaunter.',
        en: 'Please try again in a few minutes. If it keeps happening, get help at a counter.',
      },
      KEPT,
    );
  }
  return join(
    { ms: 'Maaf, berlaku masalah di pihak kami.', en: 'Sorry, something went wrong on our side.' },
    { ms: 'Sila cuba lagi dalam beberapa minit.', en: 'Please try again in a few minutes.' },
    KEPT,
  );
}
