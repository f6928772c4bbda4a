import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flat } from '../../src/state/flatString';

const ROOT = join(__dirname, '../..');

/** Heap bytes kept per string, in a fresh Node with --expose-gc: 20,000 keys built like the stores' keys. */
function keptBytesPerKey(flatten: boolean): number {
  const script = `
    const { flat } = require('./src/state/flatString');
    const { randomUUID } = require('node:crypto');
    const keep = (s) => (${flatten} ? flat(s) : s);
    global.gc(); const before = process.memoryUsage().heapUsed;
    const kept = [];
    for (let i = 0; i < 20000; i += 1) kept.push(keep(\`seen:activity:\${'bench:conversation-' + i}:\${randomUUID()}\`));
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
    // A UUID alone is built from some twenty pieces; joined, the key is one string of ~90 characters.
    expect(asBuilt).toBeGreaterThan(400);
    expect(flattened).toBeLessThan(asBuilt / 2);
  });
});
