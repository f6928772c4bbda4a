import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Drives `npx khidmat chat` as a person would: types, reads the "phone" (/sms), pays (/pay). */
describe('khidmat chat', () => {
  it('renews Aminah’s road tax from one sentence to a receipt in the terminal', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['bin/khidmat.js', 'chat'], {
      cwd: root,
      env: { ...process.env, SANDBOX_TODAY: '2026-06-15', PORT: '', REDIS_URL: '', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (pattern: RegExp, from: number) => {
      for (let i = 0; i < 300; i += 1) {
        const match = pattern.exec(output.slice(from));
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`timed out waiting for ${pattern}; output so far:\n${output.slice(-2000)}`);
    };
    const type = async (line: string, expect: RegExp) => {
      const from = output.length;
      child.stdin.write(`${line}\n`);
      return waitFor(expect, from);
    };
    try {
      await waitFor(/pembantu automatik/, 0);
      await type('nak renew roadtax WXY 1234, ic saya 850412-10-5566', /kod 6 digit/);
      const sms = await type('/sms', /Kod pengesahan anda ialah (\d{6})/);
      await type(sms[1], /6 atau 12 bulan/);
      await type('2', /RM90\.00/);
      await type('ya', /\/sandbox\/pay\//);
      const receipt = await type('/pay', /Rujukan: (LKM-\S+)/);
      expect(receipt[1]).toMatch(/^LKM-20260615-/);
      expect(output).toContain('Sah hingga: 21/06/2027');
      child.stdin.write('/quit\n');
      expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
