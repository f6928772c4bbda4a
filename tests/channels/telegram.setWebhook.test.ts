import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/channels/telegram/setWebhookCommand';
import { FakeTelegramApi } from './fakes/telegramApi';

const TOKEN = '42:set-webhook-token';

describe('npx khidmat telegram set-webhook', () => {
  let fake: FakeTelegramApi;
  beforeAll(async () => {
    fake = await FakeTelegramApi.start(TOKEN);
  });
  afterAll(async () => {
    await fake.close();
  });

  const env = () => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'the_secret-1', TELEGRAM_API_URL: fake.url, PUBLIC_URL: 'https://khidmat.example.gov.my/' });

  it('registers PUBLIC_URL/api/telegram with the secret, for messages and button taps only, and prints the result', async () => {
    const lines: string[] = [];
    await run(['set-webhook'], env(), (line) => lines.push(line));
    const call = fake.succeeded('setWebhook').at(-1);
    expect(call).toEqual({ url: 'https://khidmat.example.gov.my/api/telegram', secret_token: 'the_secret-1', allowed_updates: ['message', 'callback_query'] });
    expect(lines[0]).toBe('setWebhook: ok — https://khidmat.example.gov.my/api/telegram');
    expect(JSON.parse(lines.slice(1).join('\n'))).toMatchObject({ url: 'https://khidmat.example.gov.my/api/telegram', allowed_updates: ['message', 'callback_query'] });
    // The token travels only in the API path; nothing printed contains it.
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('takes --url and --drop-pending-updates, and warns about a non-https address', async () => {
    const lines: string[] = [];
    await run(['set-webhook', '--url', 'http://127.0.0.1:9/api/telegram', '--drop-pending-updates'], env(), (line) => lines.push(line));
    expect(fake.succeeded('setWebhook').at(-1)).toMatchObject({ url: 'http://127.0.0.1:9/api/telegram', drop_pending_updates: true });
    expect(lines[0]).toMatch(/^warning: Telegram delivers webhooks only to https/);
  });

  it.each([
    ['no token', { TELEGRAM_BOT_TOKEN: '', TELEGRAM_WEBHOOK_SECRET: '' }, /TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set/],
    ['no public address', { PUBLIC_URL: '' }, /PUBLIC_URL must be set/],
  ])('refuses to run with %s', async (_name, override, message) => {
    const before = fake.calls.length;
    await expect(run(['set-webhook'], { ...env(), ...override }, () => undefined)).rejects.toThrow(message);
    expect(fake.calls.length).toBe(before);
  });

  it('fails with the Bot API’s reason when Telegram refuses the token', async () => {
    await expect(run(['set-webhook'], { ...env(), TELEGRAM_BOT_TOKEN: '42:wrong' }, () => undefined)).rejects.toThrow(/setWebhook failed \(HTTP 401\): Unauthorized/);
  });
});
