import { ordinalToNumber, wordToNumber } from './numberWords';

/** One option the citizen can pick: an id and the names it may be called by (both languages). */
export interface ChoiceOption {
  id: string;
  labels: readonly string[];
}

export interface Choice {
  index: number;
  id: string;
}

/**
 * A pick from a numbered list: by number ("2", "no. 2", "pilihan kedua", "the second one") or by
 * name ("Putrajaya", "yang kedai jpj wangsa maju"). Names match on whole words so a short label does
 * not capture a longer one; the most specific (longest) matching label wins.
 */
export function parseChoice(text: string, options: readonly (ChoiceOption | string)[]): Choice | null {
  const list = options.map((o, index) => (typeof o === 'string' ? { id: o, labels: [o] } : o)).map((o, index) => ({ ...o, index }));
  const normalised = normalise(text);
  if (!normalised || list.length === 0) return null;

  const byNumber = /^(?:(?:no|nombor|nomor|number|num|pilihan|option|choice|yang|the|saya pilih|i choose|pilih)\s*\.?\s*)*(\d{1,2}|[a-z]+(?:\s+belas)?)(?:\s*(?:one|satu))?$/.exec(normalised);
  if (byNumber) {
    const token = byNumber[1];
    const ordinal = ordinalToNumber(token);
    const n = ordinal ?? wordToNumber(token);
    if (n !== undefined) {
      const index = n === -1 ? list.length - 1 : n - 1;
      if (index >= 0 && index < list.length) return { index, id: list[index].id };
    }
  }

  let best: { index: number; id: string; length: number } | null = null;
  for (const option of list) {
    for (const label of option.labels) {
      const l = normalise(label);
      if (!l) continue;
      if (` ${normalised} `.includes(` ${l} `) || (normalised.length >= 3 && ` ${l} `.includes(` ${normalised} `))) {
        if (!best || l.length > best.length) best = { index: option.index, id: option.id, length: l.length };
      }
    }
  }
  return best ? { index: best.index, id: best.id } : null;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
