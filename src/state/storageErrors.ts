/** A write carried an eTag that no longer matches what is stored: someone else wrote first. */
export class StaleWriteError extends Error {
  constructor(readonly key: string) {
    super(`Stale write refused for a state document (eTag mismatch)`);
    this.name = 'StaleWriteError';
  }
}

/**
 * The eTag a writer passes when it read nothing and means "create, but only if still absent".
 * Botbuilder's own conventions stay as they are: '*' or no eTag = unconditional write.
 */
export const CREATE_ONLY = '<create-only>';

/** How long a state document lives after its last write, chosen by key (conversation vs user). */
export type TtlPolicy = (key: string) => number | undefined;

/** Botbuilder keys look like `{channel}/users/{id}/` and `{channel}/conversations/{id}/`. */
export function ttlByStateKind(conversationSeconds: number, userSeconds: number): TtlPolicy {
  return (key) => (key.includes('/users/') ? userSeconds : conversationSeconds);
}
