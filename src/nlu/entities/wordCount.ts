/**
 * Whether `text` has at least `n` words, a word being a run of characters none of which matches
 * `separator` (one character class) — the count `text.replace(separators, ' ').split(' ')` gives
 * after trimming, found without lower-casing, replacing or splitting. The readers of short replies
 * (yes/no, commands) ask it first: most messages are longer, and need none of that work.
 */
export function hasAtLeastWords(text: string, n: number, separator: RegExp): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const apart = separator.test(text[i]!);
    if (!apart && !inWord && (words += 1) >= n) return true;
    inWord = !apart;
  }
  return false;
}
