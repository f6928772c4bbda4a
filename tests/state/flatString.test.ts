import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flat } from '../../src/state/flatString';

const ROOT = join(__dirname, '../..');

/** Heap bytes kept per string, in a fresh Node with --expose-gc: 20,000 keys built like the stores' keys. */
function keptBytesPerKey(flatten: boolean): number {
  const script = `
    const { flat } = require('./src/state/flatString');
    const keep = (s) => (${flatten} ? flat(s) : s);
    // Built from twenty short pieces, as randomUUID builds its text.
    const built = (i) => { let s = 'seen:activity:bench:conversation-' + i + ':'; for (let p = 0; p < 20; p += 1) s += (p * 7 + i).toString(16).padStart(2, '0'); return s; };
    global.gc(); const before = process.memoryUsage().heapUsed;
    const kept = [];
    for (let i = 0; i < 20000; i += 1) kept.push(keep(built(i)));
    global.gc();
    process.stdout.write(String((process.memoryUsage().heapUsed - before) / kept.length));
  `;
  return Number(execFileSync(process.execPath, ['--expose-gc', '-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

describe('flat', () => {
  it('gives the same text', () => {
    const pieces = ['seen', 'activity', 'bench', 'x'.repeat(40)];
    const built = pieces.reduce((a, b) => `${a}:${b}`);
    expect(flat(built)).toBe(pieces.join(':'));
    expect(flat('')).toBe('');
  });

  it('keeps a concatenated key in a fraction of the memory its pieces take', () => {
    const asBuilt = keptBytesPerKey(false);
    const flattened = keptBytesPerKey(true);
    // Twenty pieces are twenty objects as built; joined, the key is one string of ~75 characters.
    expect(flattened).toBeLessThan(asBuilt / 2);
  });
});
