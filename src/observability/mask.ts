/**
 * Masking of personal data and secrets before anything is written to a log or a transcript.
 * Applied to every log line by the logger; callers never have to remember it.
 */

// 12 digits as YYMMDD-PB-###G, with or without dashes/spaces. Kept: birth date and the last two digits,
// enough for an officer to tell two records apart, not enough to reuse (DESIGN: 850412-**-**66).
const MYKAD = /(?<!\d)(\d{6})[-\s]?(\d{2})[-\s]?(\d{2})(\d{2})(?!\d)/g;
// Malaysian phone numbers: +60 / 60 / 0 followed by 8–10 digits, optional separators.
const PHONE = /(?<![\w+])(\+?60|0)(1\d)[-\s]?(\d{3,4})[-\s]?(\d{3,4})(?!\d)/g;
// A bare 6-digit number is what an OTP looks like; a plate or an amount never is. A full stop after it
// ends a sentence ("Your code is 482913."), only a decimal part makes it an amount.
const OTP_LIKE = /(?<![\d.])\d{6}(?!\d|\.\d|-\*\*)/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
// Long opaque strings (API keys, HMACs, bot tokens like 123456:ABC...) — 32+ characters of token alphabet.
const OPAQUE = /\b[A-Za-z0-9_:-]*[A-Za-z0-9_-]{32,}\b/g;
// A Telegram bot token (<bot id>:<secret>) is shorter than that when it is a test's, and sits inside the
// API's URLs (".../bot<token>/sendMessage"), so it is matched by its shape.
const BOT_TOKEN = /(?<!\d)\d{5,}:[A-Za-z0-9_-]{10,}/g;

const SECRET_KEY = /(pass(word)?|secret|token|otp|code|authorization|cookie|api[-_]?key|signature)$/i;

export function maskText(text: string): string {
  return text
    .replace(JWT, '[jwt]')
    .replace(BEARER, '$1 [redacted]')
    .replace(OPAQUE, '[redacted]')
    .replace(BOT_TOKEN, '[redacted]')
    .replace(MYKAD, (_m, dob: string, _pb: string, _serial: string, last2: string) => `${dob}-**-**${last2}`)
    .replace(PHONE, (_m, cc: string, prefix: string, _mid: string, end: string) => `${cc}${prefix}****${end.slice(-3)}`)
    .replace(OTP_LIKE, '******');
}

/** Deep copy of a log object with every string masked and secret-named fields removed. */
export function maskValue(value: unknown, key = '', depth = 0): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null && typeof value !== 'object') {
    return '[redacted]';
  }
  if (typeof value === 'string') return maskText(value);
  // A MyKad held as a number (a 12-digit integer) is masked like the text it would print as.
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1e11 && value < 1e12) {
    const text = String(value);
    const masked = maskText(text);
    return masked === text ? value : masked;
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key, depth + 1));
  const out: Record<string, unknown> = {};
  // Keys too: a record keyed by MyKad or phone would print them.
  for (const [k, v] of Object.entries(value)) out[maskText(k)] = maskValue(v, k, depth + 1);
  return out;
}
