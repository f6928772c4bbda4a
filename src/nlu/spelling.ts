/**
 * Typo repair against the training vocabulary: a token the model has never seen is replaced by the
 * most frequent known token within one edit (insert, delete, substitute, transpose), found through a
 * symmetric-delete index (SymSpell) so a lookup costs a few map reads, not a scan of the vocabulary.
 */
export class SpellingCorrector {
  private readonly index = new Map<string, string[]>();

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const word of frequency.keys()) {
      if (word.length < 4) continue;
      for (const key of [word, ...deletes(word)]) {
        const list = this.index.get(key);
        if (list) list.push(word);
        else this.index.set(key, [word]);
      }
    }
  }

  correct(token: string): string {
    if (token.length < 4 || this.frequency.has(token) || /\d/.test(token)) return token;
    let best: string | undefined;
    let bestCount = 0;
    for (const key of [token, ...deletes(token)]) {
      for (const candidate of this.index.get(key) ?? []) {
        if (Math.abs(candidate.length - token.length) > 1) continue;
        const count = this.frequency.get(candidate) ?? 0;
        if (count > bestCount) {
          best = candidate;
          bestCount = count;
        }
      }
    }
    return best ?? token;
  }
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
