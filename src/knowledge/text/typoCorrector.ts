/**
 * Typo repair for question words: a word the knowledge base has never seen is replaced by the
 * closest known word (one edit for short words, two for long ones, same first letter), so
 * "pasprot", "lesn" and "renwal" still find their documents. Corrections are cached.
 */
export class TypoCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly frequency: ReadonlyMap<string, number> = new Map(),
    private readonly leaveAlone: ReadonlySet<string> = new Set(),
  ) {
    for (const word of known) {
      if (!/^[a-z]+$/.test(word)) continue;
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  correct(word: string): string {
    if (word.length < 5 || !/^[a-z]+$/.test(word) || this.known.has(word) || this.leaveAlone.has(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const maxEdits = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestDistance = maxEdits + 1;
    let bestFrequency = -1;
    for (let length = word.length - maxEdits; length <= word.length + maxEdits; length += 1) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (candidate[0] !== word[0]) continue;
        const distance = boundedDamerauLevenshtein(word, candidate, maxEdits);
        const frequency = this.frequency.get(candidate) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
          best = candidate;
          bestDistance = distance;
          bestFrequency = frequency;
        }
      }
    }
    const result = bestDistance <= maxEdits ? best : word;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }
}

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function boundedDamerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i += 1) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1];
}
