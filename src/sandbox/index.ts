import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import type { Ledger } from '../agencies/schemas';
import { logger as rootLogger, type Logger } from '../observability/logger';
import { CallbackSender, type CallbackOptions } from './callbacks';
import { SandboxClock } from './clock';
import type { Handlers } from './contract';
import { FaultInjector, type FaultConfig } from './faults';
import { appointmentHandlers } from './handlers/appointments';
import type { SandboxDeps } from './handlers/deps';
import { identityHandlers } from './handlers/identity';
import { jimHandlers } from './handlers/jim';
import { jpjHandlers } from './handlers/jpj';
import { paymentHandlers } from './handlers/payments';
import { buildLedger, toolHandlers } from './handlers/tools';
import { IdempotencyStore } from './idempotency';
import { buildOpenApiDocument } from './openapi';
import { mountRoutes } from './routes';
import { SandboxState } from './state';
import { TokenAuthority } from './tokens';

export type { FaultConfig } from './faults';
export { SandboxClock } from './clock';

export interface SandboxOptions {
  /** YYYY-MM-DD; default the real date. Demo data is relative to it. */
  today?: string;
  /** Signs payment callbacks (PAYMENT_CALLBACK_SECRET). */
  callbackSecret: string;
  faults?: FaultConfig;
  logger?: Logger;
  /** Absolute base for payUrl (e.g. PUBLIC_URL); default: the Host the caller used. */
  publicUrl?: string;
  /** Key for verification tokens; default random per process (tokens die with the sandbox). */
  tokenKey?: Buffer;
  tokenTtlMs?: number;
  otpTtlMs?: number;
  otpMaxAttempts?: number;
  otpLockMs?: number;
  callbacks?: Omit<CallbackOptions, 'secret'>;
}

export interface Sandbox {
  mount(server: Server, prefix?: string): void;
  /** Reseed the demo citizens relative to the clock's today; forget payments, ledger, OTPs, faults armed at run time. */
  reset(): void;
  readonly clock: SandboxClock;
  /** Current ledger, as GET /sandbox/ledger returns it. */
  ledger(): Ledger;
  /** SMS sent to a number (GET /sandbox/sms). */
  sms(to?: string): { to: string; text: string; at: string }[];
  /** Wait until every payment callback in flight is acknowledged or given up. */
  callbacksIdle(): Promise<void>;
  /** Stop retries and pending timers (call before closing the server). */
  close(): void;
  readonly faults: FaultInjector;
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const clock = new SandboxClock(options.today);
  const log = (options.logger ?? rootLogger).child({ component: 'sandbox' });
  const state = new SandboxState(clock);
  const faults = new FaultInjector(options.faults);
  const idempotency = new IdempotencyStore(() => clock.nowMs());
  const callbacks = new CallbackSender({ secret: options.callbackSecret, ...options.callbacks }, log);
  const timers = new Set<NodeJS.Timeout>();

  const deps: SandboxDeps = {
    state,
    clock,
    tokens: new TokenAuthority(options.tokenKey ?? randomBytes(32), () => clock.nowMs(), options.tokenTtlMs),
    faults,
    callbacks,
    idempotency,
    logger: log,
    otpTtlMs: options.otpTtlMs ?? 5 * 60 * 1000,
    otpMaxAttempts: options.otpMaxAttempts ?? 3,
    otpLockMs: options.otpLockMs ?? 15 * 60 * 1000,
    reset: () => {
      state.reset();
      idempotency.clear();
      faults.reset();
    },
  };

  const handlers: Handlers = {
    ...identityHandlers(deps),
    ...jpjHandlers(deps),
    ...jimHandlers(deps),
    ...appointmentHandlers(deps),
    ...paymentHandlers(deps),
    ...toolHandlers(deps),
  };

  let openApi: unknown;
  const sandbox: Sandbox = {
    clock,
    faults,
    mount(server, prefix = '/sandbox') {
      mountRoutes(server, deps, handlers, { prefix, publicUrl: options.publicUrl, openApiDocument: () => (openApi ??= buildOpenApiDocument()) }, timers);
    },
    reset: deps.reset,
    ledger: () => buildLedger(deps),
    sms: (to) => state.sms.filter((m) => !to || m.to === to),
    callbacksIdle: () => callbacks.idle(),
    close() {
      callbacks.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  return sandbox;
}
