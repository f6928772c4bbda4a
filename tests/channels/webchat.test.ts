import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKhidmat, type Khidmat } from '../../src/app';
import { mountWebChat, PAGE_FILES, STATIC_DIR } from '../../src/channels/webchat';
import { markdownToHtml } from '../../src/channels/webchat/privacyPage';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';

const BUDGET_BYTES = 150 * 1024;

describe('the web chat page stays small and self-contained', () => {
  it('its own HTML, JS and CSS together weigh at most 150 KB uncompressed', () => {
    const files = readdirSync(STATIC_DIR).filter((name) => /\.(html|js|css)$/.test(name));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'app.js', 'app.css']));
    const total = files.reduce((sum, name) => sum + statSync(join(STATIC_DIR, name)).size, 0);
    console.info(`[webchat] page weight: ${total} bytes of ${BUDGET_BYTES} (${files.join(', ')})`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('loads nothing from elsewhere: every script and stylesheet is our own, served by the route', () => {
    const html = readFileSync(join(STATIC_DIR, 'index.html'), 'utf8');
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    const external = references.filter((ref) => /^(?:[a-z]+:)?\/\//i.test(ref));
    expect(external).toEqual([]);
    const assets = references.filter((ref) => ref.startsWith('/webchat/'));
    expect(assets.sort()).toEqual(['/webchat/app.css', '/webchat/app.js']);
    for (const asset of assets) expect(PAGE_FILES[asset]).toBeDefined();
    const css = readFileSync(join(STATIC_DIR, 'app.css'), 'utf8');
    expect(css).not.toMatch(/@import|@font-face|url\(/);
  });

  it('never turns bot text into markup', () => {
    const js = readFileSync(join(STATIC_DIR, 'app.js'), 'utf8');
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});

describe('web chat routes', () => {
  let app: Khidmat;
  beforeAll(async () => {
    app = await startKhidmat(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', CONVERSATION_TTL_SECONDS: '1800' }), {
      logger: createLogger({ level: 'silent' }),
      port: 0,
      channels: [mountWebChat],
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(Object.entries(PAGE_FILES))('serves %s with its type, a strict CSP, and a 304 when unchanged', async (path, { file, type }) => {
    const response = await fetch(`${app.publicUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(await response.text()).toBe(readFileSync(join(STATIC_DIR, file), 'utf8'));
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${app.publicUrl.replace('http', 'ws')}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const again = await fetch(`${app.publicUrl}${path}`, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('shows the privacy notice in both languages, from the same text the bot answers with', async () => {
    const response = await fetch(`${app.publicUrl}/privacy`);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const lang of ['ms', 'en'] as const) {
      const section = new RegExp(`<section id="${lang}" lang="${lang}"[\\s\\S]*?</section>`).exec(html)?.[0];
      expect(section, `the ${lang} section`).toBeDefined();
      const notice = readFileSync(join(__dirname, '..', '..', 'knowledge', lang, 'privacy-notice.md'), 'utf8');
      const title = /^# (.+)$/m.exec(notice)![1]!;
      expect(section).toContain(`>${title}</h2>`);
      // Every heading of the notice is on the page.
      for (const [, heading] of notice.matchAll(/^## (.+)$/gm)) expect(section).toContain(`<h3>${heading}</h3>`);
      expect(section).toContain('MyKad');
      // What the web page itself keeps, with the configured idle lifetime.
      expect(section).toContain(lang === 'ms' ? '30 minit' : '30 minutes');
    }
  });

  it('renders the notice Markdown safely', () => {
    expect(markdownToHtml('# Title\n\nA <b>bold</b> claim & more\n- one\n- two')).toBe(
      '<h2>Title</h2>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim &amp; more</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
    );
  });
});
