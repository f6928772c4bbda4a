import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore } from '../../state/keyValueStore';

/** What a Direct Line token proves: this bearer may read and write this one conversation, as this user. */
export interface TokenClaims {
  conversationId: string;
  userId: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

/** The token is missing, malformed, forged, expired, or for another conversation. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'conversation') {
    super(`Direct Line token rejected: ${reason}`);
    this.name = 'TokenRejectedError';
  }
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const SIGNING_KEY = 'directline:signing-key';

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

/**
 * Signs and checks Direct Line tokens: compact JWTs (HS256) carrying the conversation id, the user id
 * and an expiry. A token is only good for its own conversation, so guessing another conversation's id
 * gets nobody in.
 */
export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The signing key lives in the shared key-value store (created once, by whichever instance comes
   * first), so every instance behind a load balancer accepts every other instance's tokens.
   */
  static async fromStore(kv: KeyValueStore, now?: () => number): Promise<TokenSigner> {
    await kv.setIfAbsent(SIGNING_KEY, randomBytes(32).toString('base64'), 10 * 365 * 24 * 60 * 60);
    const stored = await kv.get(SIGNING_KEY);
    if (!stored) throw new Error('Direct Line signing key could not be stored');
    return new TokenSigner(Buffer.from(stored, 'base64'), now);
  }

  issue(conversationId: string, userId: string, ttlSeconds: number): { token: string; claims: TokenClaims } {
    const issuedAt = Math.floor(this.now() / 1000);
    const claims: TokenClaims = { conversationId, userId, issuedAt, expiresAt: issuedAt + ttlSeconds };
    const payload = base64url(JSON.stringify({ conv: conversationId, user: userId, iat: issuedAt, exp: claims.expiresAt }));
    return { token: `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`, claims };
  }

  /** The claims of a valid, unexpired token; when `conversationId` is given, the token must be for it. */
  verify(token: string | undefined, conversationId?: string): TokenClaims {
    if (!token) throw new TokenRejectedError('missing');
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw new TokenRejectedError('malformed');
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenRejectedError('signature');
    let body: { conv?: unknown; user?: unknown; iat?: unknown; exp?: unknown };
    try {
      body = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      throw new TokenRejectedError('malformed');
    }
    if (typeof body.conv !== 'string' || typeof body.user !== 'string' || typeof body.exp !== 'number' || typeof body.iat !== 'number') {
      throw new TokenRejectedError('malformed');
    }
    if (body.exp <= this.now() / 1000) throw new TokenRejectedError('expired');
    if (conversationId !== undefined && body.conv !== conversationId) throw new TokenRejectedError('conversation');
    return { conversationId: body.conv, userId: body.user, issuedAt: body.iat, expiresAt: body.exp };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

/** Bearer token from an `Authorization: Bearer …` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}

/** 144 random bits, URL-safe: conversation ids cannot be guessed (and a guess is useless without a token). */
export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}
