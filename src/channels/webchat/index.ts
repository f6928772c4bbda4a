import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'restify';
import type { ChannelMount } from '../types';
import { renderPrivacyPage } from './privacyPage';

/** The page's own files. Everything the browser loads comes from here: no CDN, no web fonts. */
export const STATIC_DIR = join(__dirname, 'static');

export const PAGE_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/webchat/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/webchat/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/webchat/privacy.css': { file: 'privacy.css', type: 'text/css; charset=utf-8' },
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Serves the web chat page at GET /, its script and styles, and the privacy notice at GET /privacy.
 * The page talks to the bot over the Direct Line routes (mountDirectLine).
 */
export const mountWebChat: ChannelMount = (server, deps) => {
  const wsOrigin = deps.publicUrl.replace(/^http/, 'ws');
  // Only our own origin, for everything: a script injected by a bot message could not load or send anything else.
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${wsOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  const assets = new Map<string, Asset>();
  for (const [path, { file, type }] of Object.entries(PAGE_FILES)) {
    assets.set(path, asset(readFileSync(join(STATIC_DIR, file)), type));
  }
  assets.set('/privacy', asset(Buffer.from(renderPrivacyPage({ conversationTtlSeconds: deps.config.CONVERSATION_TTL_SECONDS })), 'text/html; charset=utf-8'));

  for (const path of assets.keys()) {
    server.get(path, async (req: Request, res: Response) => {
      const { body, type, etag } = assets.get(path)!;
      res.header('Content-Security-Policy', policy);
      res.header('X-Content-Type-Options', 'nosniff');
      res.header('Referrer-Policy', 'no-referrer');
      res.header('ETag', etag);
      // Revalidated each time (a cheap 304): a new deployment reaches every phone at once.
      res.header('Cache-Control', 'no-cache');
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
      res.end(body);
    });
  }
};

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
