/**
 * Money is integer sen everywhere inside the sandbox; ringgit strings ("378.50") exist only at the
 * HTTP edge. Integer arithmetic keeps every fee exact (no floating-point drift).
 */
export type Sen = number;

export function ringgit(sen: Sen): string {
  if (!Number.isSafeInteger(sen) || sen < 0) throw new RangeError(`not a whole, non-negative number of sen: ${sen}`);
  const whole = Math.floor(sen / 100);
  const cents = sen % 100;
  return `${whole}.${cents.toString().padStart(2, '0')}`;
}

const RINGGIT = /^(\d{1,9})\.(\d{2})$/;

/** "378.50" → 37850. Only the exact two-place form is accepted, so "378.5" or "1e3" never sneak in. */
export function parseRinggit(text: string): Sen {
  const match = RINGGIT.exec(text);
  if (!match) throw new RangeError(`not a ringgit amount with two decimal places: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

/**
 * `sen × numerator / denominator`, rounded half up to the nearest sen. Used for the half-year road tax
 * and the 67% early-payment summons amount; the facts file states no rounding rule, so the sandbox
 * rounds half a sen up (documented in the report).
 */
export function fraction(sen: Sen, numerator: number, denominator: number): Sen {
  return Math.floor((sen * numerator * 2 + denominator) / (denominator * 2));
}
