/**
 * Money amounts in ringgit, returned as integer sen (no floating point): "RM 30" → 3000,
 * "rm30.50" → 3050, "RM1,234.5" → 123450, "30 ringgit" → 3000.
 */
export interface Amount {
  sen: number;
}

const WITH_RM = /(?<![a-z])rm\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?!\d)/i;
const WITH_WORD = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(?:ringgit|myr)(?![a-z])/i;

export function parseAmount(text: string): Amount | null {
  const m = WITH_RM.exec(text) ?? WITH_WORD.exec(text);
  if (!m) return null;
  const ringgit = Number(m[1].replace(/,/g, ''));
  const cents = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
  if (!Number.isSafeInteger(ringgit)) return null;
  return { sen: ringgit * 100 + cents };
}
