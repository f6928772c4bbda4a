/**
 * `text` as one string, for a string kept long in this process's memory (a stored document, a key of
 * an in-process store or cache). V8 keeps a concatenation — a template literal, `+=`, randomUUID's
 * output, a global replace (the knowledge cache's keys were trees of seventeen pieces), a long
 * JSON.stringify — as a tree of its pieces, one heap object per node, for as long as the string is
 * kept; using it as a Map key does not join it. Thousands of such trees made the full collections of
 * a memory-mode process long enough to show in the p99 latency. Reading a character makes V8 copy the
 * text into one flat string and point the tree's root at it; the pieces are then garbage. The text is
 * unchanged. That V8 still does this (the read's result is unused) is checked by
 * tests/state/flatString.test.ts.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
