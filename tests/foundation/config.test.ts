import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('runs with no environment at all: memory state, sandbox, offline, Malay', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, DEFAULT_LANGUAGE: 'ms', publicUrl: 'http://127.0.0.1:3978', llmEnabled: false });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: expected a port number/],
    [{ PORT: '70000' }, /^PORT: expected a port number/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL: expected a Redis URL/],
    [{ DEFAULT_LANGUAGE: 'fr' }, /^DEFAULT_LANGUAGE: expected "ms" or "en"/],
    [{ MicrosoftAppId: 'app' }, /^MicrosoftAppPassword: is required when MicrosoftAppId is set/],
    [{ SANDBOX_TODAY: '2026-02-30' }, /^SANDBOX_TODAY: expected a real calendar date/],
    [{ JPJ_API_URL: 'not a url' }, /^JPJ_API_URL: expected JPJ_API_URL to be an http\(s\) URL/],
    [{ TELEGRAM_BOT_TOKEN: '123:abc' }, /^TELEGRAM_WEBHOOK_SECRET: is required/],
    [{ WHATSAPP_ACCESS_TOKEN: 'x' }, /^WHATSAPP_PHONE_NUMBER_ID: is required/],
    [{ ADMIN_TOKEN: 'short' }, /^ADMIN_TOKEN: expected at least 16 characters/],
  ])('names the variable and what it expects: %o', (env, expected) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.some((line) => expected.test(line))).toBe(true);
  });

  it('never echoes a secret value in the error', () => {
    const problems = problemsOf({ ADMIN_TOKEN: 'tiny-secret' });
    expect(problems.join('\n')).not.toContain('tiny-secret');
    for (const url of ['redis://user:hunter22@host:99999999', 'redis+cluster://:hunter22@bad host:6379', 'redis+sentinel://:hunter22@h:1']) {
      const shown = problemsOf({ REDIS_URL: url }).join('\n');
      expect(shown).toMatch(/^REDIS_URL: /);
      expect(shown).not.toContain('hunter22');
    }
  });

  it('treats empty strings as unset and derives the public URL', () => {
    const config = loadConfig({ PORT: '4000', REDIS_URL: '', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.publicUrl).toBe('http://127.0.0.1:4000');
    expect(config.llmEnabled).toBe(true);
  });
});
