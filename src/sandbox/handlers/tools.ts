import type { Ledger } from '../../agencies/schemas';
import type { Handlers } from '../contract';
import { paymentDto } from './payments';
import type { SandboxDeps } from './deps';

type ToolOperations = 'toolsSms' | 'toolsLedger' | 'toolsListFaults' | 'toolsArmFault' | 'toolsClearFaults' | 'toolsClock' | 'toolsAdvanceClock' | 'toolsReset';

export function buildLedger({ state, clock }: SandboxDeps): Ledger {
  return {
    transactions: state.transactions.map((t) => ({ ...t, details: structuredClone(t.details) })),
    payments: [...state.payments.values()].map((p) => ({
      ...paymentDto(p, (ms) => clock.iso(ms)),
      callbackUrl: p.callbackUrl,
      callback: { attempts: p.callback.attempts, deliveredAt: p.callback.deliveredAtMs === null ? null : clock.iso(p.callback.deliveredAtMs), lastStatus: p.callback.lastStatus },
    })),
  };
}

/** Test and demo tools: the SMS outbox, the ledger, fault injection, the clock, reseeding. */
export function toolHandlers(deps: SandboxDeps): Pick<Handlers, ToolOperations> {
  const { state, clock, faults } = deps;
  const clockBody = () => ({ now: clock.iso(), today: clock.today() });
  return {
    toolsSms: ({ query }) => {
      const wanted = query.to?.replace(/[^\d+]/g, '');
      return { body: { messages: state.sms.filter((m) => !wanted || m.to === wanted || m.to === `+${wanted.replace(/^\+/, '')}`) } };
    },
    toolsLedger: () => ({ body: buildLedger(deps) }),
    toolsListFaults: () => ({ body: { faults: faults.list() } }),
    toolsArmFault: ({ body }) => {
      faults.arm(body.agency, body.fault);
      return { body: { faults: faults.list() } };
    },
    toolsClearFaults: () => {
      faults.reset();
      return { body: { faults: faults.list() } };
    },
    toolsClock: () => ({ body: clockBody() }),
    toolsAdvanceClock: ({ body }) => {
      clock.advance(((body.days ?? 0) * 24 * 60 + (body.minutes ?? 0)) * 60_000);
      return { body: clockBody() };
    },
    toolsReset: () => {
      deps.reset();
      return { body: { ok: true as const } };
    },
  };
}
