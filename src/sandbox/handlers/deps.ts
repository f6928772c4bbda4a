import type { Logger } from '../../observability/logger';
import type { CallbackSender } from '../callbacks';
import type { SandboxClock } from '../clock';
import type { FaultInjector } from '../faults';
import type { IdempotencyStore } from '../idempotency';
import type { SandboxState } from '../state';
import type { TokenAuthority } from '../tokens';

/** What the route handlers share. */
export interface SandboxDeps {
  state: SandboxState;
  clock: SandboxClock;
  tokens: TokenAuthority;
  faults: FaultInjector;
  callbacks: CallbackSender;
  idempotency: IdempotencyStore;
  logger: Logger;
  otpTtlMs: number;
  otpMaxAttempts: number;
  otpLockMs: number;
  reset(): void;
}
