import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashedId } from '../../src/state/hashedId';

describe('hashedId', () => {
  it('is the first 22 base64url characters of the SHA-256 digest (key names must not change between versions)', () => {
    // Known digest: SHA-256("abc") = ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0 in base64url.
    expect(hashedId('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7');
    for (const id of ['wa:60123456789', 'bf:web:citizen-1', 'tg:42', '', 'nama saya Siti — ✓']) {
      expect(hashedId(id)).toBe(createHash('sha256').update(id).digest('base64url').slice(0, 22));
    }
  });
});
