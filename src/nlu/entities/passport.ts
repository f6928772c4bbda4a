/**
 * Malaysian passport numbers: one letter + 8 digits (facts C3 — derived from validators, no official
 * JIM spec; prefixes are not interpreted). Normalised upper case, no spaces: "A12345678".
 */
const PASSPORT = /(?<![A-Za-z0-9])([A-Za-z])\s?(\d{8})(?![0-9])/;

export function parsePassportNumber(text: string): string | null {
  const m = PASSPORT.exec(text);
  return m ? `${m[1].toUpperCase()}${m[2]}` : null;
}
