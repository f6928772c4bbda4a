import type { Fault, FaultAgency } from '../agencies/schemas';
import { SandboxHttpError } from './errors';

export type FaultConfig = Partial<Record<FaultAgency, Fault[]>>;

/** What to do with the next call of an agency: nothing, wait first, fail, or hang. */
export type FaultEffect = { latencyMs: number; fail?: { status: number }; hangMs?: number };

/**
 * Faults in front of an agency, like a flaky network or a struggling backend. A fault with a count
 * applies to that many calls and is then used up; a latency without a count applies to every call.
 * They act before the agency does anything, so a failed call has no effect.
 */
export class FaultInjector {
  private armed: Record<FaultAgency, Fault[]> = { jpj: [], jim: [], identity: [], payments: [] };

  constructor(private readonly configured: FaultConfig = {}) {
    this.reset();
  }

  arm(agency: FaultAgency, fault: Fault): void {
    this.armed[agency].push({ ...fault });
  }

  reset(): void {
    this.armed = { jpj: [], jim: [], identity: [], payments: [] };
    for (const [agency, faults] of Object.entries(this.configured) as [FaultAgency, Fault[]][]) {
      for (const fault of faults) this.arm(agency, fault);
    }
  }

  list(): Record<FaultAgency, Fault[]> {
    return structuredClone(this.armed);
  }

  /** Consume what applies to this call. */
  take(agency: FaultAgency): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0 };
    const queue = this.armed[agency];
    for (const fault of queue) {
      if (fault.kind === 'latency') effect.latencyMs += fault.ms;
    }
    // The first error or timeout in line decides the call's fate.
    const blocking = queue.find((f) => f.kind !== 'latency');
    if (blocking?.kind === 'error') effect.fail = { status: blocking.status };
    if (blocking?.kind === 'timeout') effect.hangMs = blocking.hangMs ?? 30_000;
    for (const fault of queue) {
      if ((fault === blocking || fault.kind === 'latency') && fault.count !== undefined) fault.count -= 1;
    }
    this.armed[agency] = queue.filter((f) => f.count === undefined || f.count > 0);
    return effect;
  }
}

export function faultError(status: number): SandboxHttpError {
  return new SandboxHttpError(status, status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR', 'Injected fault: the agency is not answering properly.', { injected: true });
}
