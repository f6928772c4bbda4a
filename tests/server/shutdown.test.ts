import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../proof/support/processes';


describe('the process', () => {
  it('on SIGTERM finishes the turn in flight, then exits cleanly', async () => {
    const port = await freePort();
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', REDIS_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 200 && !(await fetch(`${base}/healthz`).then((r) => r.ok, () => false)); i += 1) await new Promise((r) => setTimeout(r, 100));
      // Make the identity agency slow, so the turn that sends an OTP is still running at SIGTERM.
      await fetch(`${base}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agency: 'identity', fault: { kind: 'latency', ms: 1500, count: 1 } }) });
      const turn = fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'renew road tax 850412-10-5566', channelId: 'test', deliveryMode: 'expectReplies', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'k' } }),
      });
      await new Promise((r) => setTimeout(r, 400));
      child.kill('SIGTERM');
      const response = await turn;
      expect(response.status).toBe(200);
      const { activities } = (await response.json()) as { activities: Array<{ text?: string }> };
      expect(activities.map((a) => a.text).join('\n')).toContain('6-digit code');
      expect(await exited).toBe(0);
      // And it no longer accepts work.
      expect(await fetch(`${base}/healthz`).then(() => 'up', () => 'down')).toBe('down');
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
