/**
 * The small YAML subset our front matter uses — `key: value` lines and `key:` followed by
 * `  - item` lines — so no YAML dependency is needed. Anything else is reported, not guessed.
 */
export interface SplitDocument {
  data: Record<string, string | string[]>;
  body: string;
  problems: string[];
}

export function splitFrontMatter(text: string): SplitDocument {
  const problems: string[] = [];
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(normalised);
  if (!match) return { data: {}, body: normalised, problems: ['missing front matter (a block between --- lines at the top)'] };
  const [, head, body] = match;
  const data: Record<string, string | string[]> = {};
  let listKey: string | null = null;
  head.split('\n').forEach((line, index) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item) {
      if (!listKey) {
        problems.push(`front matter line ${index + 1}: a list item without a key`);
        return;
      }
      (data[listKey] as string[]).push(unquote(item[1]));
      return;
    }
    const pair = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/.exec(line);
    if (!pair) {
      problems.push(`front matter line ${index + 1}: expected "key: value"`);
      return;
    }
    const [, key, value] = pair;
    if (key in data) problems.push(`front matter: "${key}" appears twice`);
    if (value === undefined || value.trim() === '') {
      data[key] = [];
      listKey = key;
    } else {
      data[key] = unquote(value.trim());
      listKey = null;
    }
  });
  return { data, body, problems };
}

function unquote(value: string): string {
  const v = value.trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) return v.slice(1, -1);
  return v;
}
