import { createHmac, timingSafeEqual } from 'node:crypto';
import { SandboxHttpError } from './errors';

/**
 * The verification token identity issues after a correct OTP: `kvt1.<payload>.<mac>`, the payload a
 * base64url JSON `{sub: MyKad, iat, exp}` and the MAC an HMAC-SHA256 over it. JPJ and JIM check it
 * statelessly with the shared key; it proves "this caller verified this MyKad's phone, recently".
 */
const PREFIX = 'kvt1';

export interface VerifiedIdentity {
  ic: string;
  issuedAtMs: number;
  expiresAtMs: number;
  /** Only ever true when the caller asked to accept an expired token (`allowExpired`). */
  expired: boolean;
}

export class TokenAuthority {
  constructor(
    private readonly key: Buffer,
    private readonly nowMs: () => number,
    readonly ttlMs = 15 * 60 * 1000,
  ) {}

  issue(ic: string): { token: string; expiresAtMs: number } {
    const iat = this.nowMs();
    const expiresAtMs = iat + this.ttlMs;
    const payload = Buffer.from(JSON.stringify({ sub: ic, iat, exp: expiresAtMs })).toString('base64url');
    return { token: `${PREFIX}.${payload}.${this.mac(payload)}`, expiresAtMs };
  }

  /**
   * The MyKad a bearer token proves, or a 401 saying why not. `allowExpired`: a genuine token past
   * its expiry is returned marked `expired` (the caller decides whether that still authorises).
   */
  verify(authorization: string | undefined, options: { allowExpired?: boolean } = {}): VerifiedIdentity {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new SandboxHttpError(401, 'UNAUTHENTICATED', 'Identity verification is required: send Authorization: Bearer <verification token>.');
    const [prefix, payload, mac] = match[1]!.split('.');
    if (prefix !== PREFIX || !payload || !mac) throw new SandboxHttpError(401, 'TOKEN_INVALID', 'The verification token is not valid.');
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new SandboxHttpError(401, 'TOKEN_INVALID', 'The verification token is not valid.');
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; iat: number; exp: number };
    const expired = claims.exp <= this.nowMs();
    if (expired && !options.allowExpired) throw tokenExpired();
    return { ic: claims.sub, issuedAtMs: claims.iat, expiresAtMs: claims.exp, expired };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`${PREFIX}.${payload}`).digest('base64url');
  }
}

export function tokenExpired(): SandboxHttpError {
  return new SandboxHttpError(401, 'TOKEN_EXPIRED', 'The verification token has expired; verify again with a new OTP.');
}
