import type { Payment } from '../../agencies/schemas';
import type { Handlers } from '../contract';
import { notFound, unprocessable } from '../errors';
import { parseRinggit, ringgit } from '../rules/money';
import type { PaymentRecord } from '../state';
import type { SandboxDeps } from './deps';

export function paymentDto(p: PaymentRecord, iso: (ms: number) => string): Payment {
  return {
    paymentId: p.paymentId,
    status: p.status,
    amount: ringgit(p.amountSen),
    reference: p.reference,
    description: p.description,
    payUrl: p.payUrl,
    createdAt: iso(p.createdAtMs),
    paidAt: p.paidAtMs === null ? null : iso(p.paidAtMs),
    bank: p.bank,
    usedBy: p.usedBy,
  };
}

export function paymentHandlers(deps: SandboxDeps): Pick<Handlers, 'paymentsCreate' | 'paymentsGet'> {
  const { state, clock } = deps;
  const iso = (ms: number) => clock.iso(ms);
  return {
    paymentsCreate: ({ body, baseUrl }) => {
      const amountSen = parseRinggit(body.amount);
      if (amountSen <= 0) throw unprocessable('AMOUNT_INVALID', 'A payment must be for more than RM0.00.');
      const paymentId = state.randomId('pay');
      const payment: PaymentRecord = {
        paymentId,
        status: 'PENDING',
        amountSen,
        reference: body.reference,
        description: body.description,
        callbackUrl: body.callbackUrl,
        returnUrl: body.returnUrl ?? null,
        payUrl: `${baseUrl}/pay/${paymentId}`,
        createdAtMs: clock.nowMs(),
        paidAtMs: null,
        bank: null,
        usedBy: null,
        callback: { attempts: 0, deliveredAtMs: null, lastStatus: null },
      };
      state.payments.set(paymentId, payment);
      return { status: 201, body: paymentDto(payment, iso) };
    },
    paymentsGet: ({ params }) => {
      const payment = state.payments.get(params.paymentId);
      if (!payment) throw notFound('PAYMENT_NOT_FOUND', 'No payment with this id.');
      return { body: paymentDto(payment, iso) };
    },
  };
}

/**
 * The citizen's choice on the pay page. Only a pending payment changes (paying twice, or cancelling
 * after paying, changes nothing and sends no second callback).
 */
export function settlePayment(deps: SandboxDeps, payment: PaymentRecord, action: 'pay' | 'cancel', bank: string | null): void {
  if (payment.status !== 'PENDING') return;
  payment.status = action === 'pay' ? 'PAID' : 'CANCELLED';
  payment.bank = action === 'pay' ? bank : null;
  payment.paidAtMs = action === 'pay' ? deps.clock.nowMs() : null;
  deps.callbacks.deliver(
    payment,
    {
      paymentId: payment.paymentId,
      status: payment.status,
      amount: ringgit(payment.amountSen),
      reference: payment.reference,
      bank: payment.bank,
      at: deps.clock.iso(),
    },
    () => deps.clock.nowMs(),
  );
}
