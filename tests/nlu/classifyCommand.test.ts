import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/nlu/classifyCommand';

async function classify(lines: string[]): Promise<Record<string, unknown>[]> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let output = '';
  stdout.on('data', (chunk) => (output += chunk));
  const done = run([], { stdin, stdout });
  stdin.end(`${lines.join('\n')}\n`);
  await done;
  return output.trim().split('\n').map((line) => JSON.parse(line));
}

describe('khidmat classify', () => {
  it('writes one JSON object per input line with the DESIGN 4.1 fields', async () => {
    const out = await classify(['nak renew roadtax WXY1234, ic 850412-10-5566', '', 'is my passport ready', 'English please']);
    expect(out).toHaveLength(3);
    for (const row of out) expect(Object.keys(row)).toEqual(['text', 'lang', 'intent', 'confidence', 'entities']);
    expect(out[0]).toMatchObject({ lang: 'ms', intent: 'jpj.roadtax.renew', entities: { plate: { value: 'WXY 1234' }, mykad: { value: '850412-10-5566' } } });
    expect(out[1]).toMatchObject({ text: 'is my passport ready', lang: 'en', intent: 'jim.passport.status', entities: {} });
    expect(out[2]).toMatchObject({ intent: 'switch_language', lang: 'en' });
    expect(typeof out[0].confidence).toBe('number');
  });
});
