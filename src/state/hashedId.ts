import { hash } from 'node:crypto';

/**
 * An identifier fit for a key name: a caller id or a WhatsApp wa_id is a phone number and has no
 * business in Redis keys. SHA-256, 22 base64url characters (132 bits: no collision in practice).
 * One-shot `crypto.hash` (Node ≥ 20.12): the same digest as createHash().update().digest() without
 * a Hash object per call — it runs for every request (rate limits) and every WhatsApp message.
 */
export function hashedId(id: string): string {
  return hash('sha256', id, 'base64url').slice(0, 22);
}
