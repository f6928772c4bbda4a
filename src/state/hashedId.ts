import { createHash } from 'node:crypto';

/**
 * An identifier fit for a key name: a caller id or a WhatsApp wa_id is a phone number and has no
 * business in Redis keys. SHA-256, 22 base64url characters (132 bits: no collision in practice).
 */
export function hashedId(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 22);
}
