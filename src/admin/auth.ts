import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';

export const ADMIN_COOKIE = 'khidmat_admin';
const SESSION_SECONDS = 8 * 60 * 60;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Operators prove themselves with ADMIN_TOKEN: as a bearer header (scripts, `khidmat report`) or
 * once through the login form, which sets a signed, HttpOnly session cookie (browsers). The cookie
 * holds an expiry and an HMAC keyed by the token, never the token itself.
 */
export class AdminAuth {
  constructor(private readonly token: string) {}

  tokenMatches(candidate: string): boolean {
    return sameText(candidate, this.token);
  }

  sessionCookie(secure: boolean, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + SESSION_SECONDS;
    const value = `${expires}.${this.sign(String(expires))}`;
    return `${ADMIN_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure ? '; Secure' : ''}`;
  }

  clearedCookie(): string {
    return `${ADMIN_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  isAuthenticated(req: Request, now = Date.now()): boolean {
    const header = req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (bearer) return this.tokenMatches(bearer.trim());
    const cookie = (req.header('cookie') ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === ADMIN_COOKIE)?.[1];
    if (!cookie) return false;
    const [expires, signature] = cookie.split('.');
    if (!expires || !signature || !/^\d+$/.test(expires) || Number(expires) * 1000 < now) return false;
    return sameText(signature, this.sign(expires));
  }

  private sign(value: string): string {
    return createHmac('sha256', this.token).update(`khidmat-admin-session:${value}`).digest('hex');
  }
}
