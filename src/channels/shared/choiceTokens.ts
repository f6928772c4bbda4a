import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../state/keyValueStore';

/**
 * Button payloads are small (Telegram callback_data ≤ 64 bytes, WhatsApp row ids ≤ 200 characters).
 * A value that fits travels inline (`v:` + value); a longer one is kept in the key-value store under
 * a short random id (`k:` + id) for as long as an old button might still be tapped.
 */
export class ChoiceTokens {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds = 7 * 24 * 60 * 60,
  ) {}

  async encode(value: string, maxBytes: number): Promise<string> {
    const inline = `v:${value}`;
    if (Buffer.byteLength(inline, 'utf8') <= maxBytes) return inline;
    const id = randomBytes(12).toString('base64url');
    await this.kv.set(this.key(id), value, this.ttlSeconds);
    return `k:${id}`;
  }

  /** The value behind a token; undefined for an unknown format or an expired id (the caller falls back to the label). */
  async decode(token: string | undefined): Promise<string | undefined> {
    if (!token) return undefined;
    if (token.startsWith('v:')) return token.slice(2) || undefined;
    if (token.startsWith('k:') && /^[A-Za-z0-9_-]{1,32}$/.test(token.slice(2))) {
      return (await this.kv.get(this.key(token.slice(2)))) ?? undefined;
    }
    return undefined;
  }

  private key(id: string): string {
    return `channel:choice:${id}`;
  }
}
