import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with the configured one in constant time. Both sides are hashed first
 * so that neither the content nor the length of the secret leaks through timing.
 */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || !expected) return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** True when `signature` is `sha256=<hex HMAC-SHA256 of body with secret>` (WhatsApp, Meta webhooks). */
export function validHmacSignature(body: string | Buffer, signature: string | undefined, secret: string): boolean {
  if (typeof signature !== 'string' || !secret) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
}
