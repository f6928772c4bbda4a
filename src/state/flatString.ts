/**
 * `text` as one piece, for a string kept long in this process's memory (a stored document, a key of
 * an in-process store or cache). V8 builds a concatenation — a template literal, `+=`, a global
 * replace, a long JSON.stringify — as a tree of its pieces, one object per piece, and keeps that tree
 * as long as the string is kept; hashing it as a Map key does not join it. Thousands of such trees
 * made the full collections of a memory-mode process long enough to show in the p99 latency.
 * Reading a character joins the pieces (V8 flattens the string in place); the text is unchanged.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
