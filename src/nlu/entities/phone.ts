/**
 * Malaysian phone numbers (+60) to E.164. National number pattern from libphonenumber's MY metadata
 * (facts C4): `1\d{8,9}` (mobile) or `(3\d|[4-9])\d{7}` (landline).
 */
const CANDIDATE = /(?<![\d])(\+?\s?6?0)[\s-]?(\d[\d\s-]{6,13}\d)(?!\d)/g;
const NATIONAL = /^(?:1\d{8,9}|3\d{8}|[4-9]\d{7})$/;

export function parsePhone(text: string): string | null {
  for (const m of text.matchAll(CANDIDATE)) {
    const lead = m[1].replace(/\s/g, '');
    // "+60", "60" and "0" are the only ways a Malaysian number starts.
    if (!['+60', '60', '0', '+0'].includes(lead) || lead === '+0') continue;
    const national = m[2].replace(/[\s-]/g, '');
    if (NATIONAL.test(national)) return `+60${national}`;
  }
  return null;
}
