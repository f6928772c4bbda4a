import type { Request, Response, Server } from 'restify';
import { PaymentCallbackSchema } from '../agencies/schemas';
import { PAYMENT_SIGNATURE_HEADER, verifyPaymentCallback } from '../agencies/payments';
import type { Settlement } from '../flows/settlement';
import type { TransactionRecord } from '../flows/transactions';
import type { Logger } from '../observability/logger';

/**
 * POST /api/payments/callback — the gateway tells us a payment was made or cancelled. The body is
 * trusted only with a valid HMAC signature over the raw bytes. The paid transaction is completed
 * (once, however often the gateway retries) before we acknowledge, so a 2xx means "done or
 * durably queued"; the receipt then reaches the citizen proactively.
 */
export function mountPaymentCallback(
  server: Server,
  deps: { secret: string; settlement: Settlement; onSettled: (record: TransactionRecord) => Promise<void>; logger: Logger },
): void {
  server.post('/api/payments/callback', async (req: Request, res: Response) => {
    const raw = typeof (req as { rawBody?: unknown }).rawBody === 'string' ? (req as unknown as { rawBody: string }).rawBody : '';
    if (!verifyPaymentCallback(raw, req.header(PAYMENT_SIGNATURE_HEADER), deps.secret)) {
      res.send(401, { error: { code: 'BAD_SIGNATURE', message: 'signature missing, invalid or stale' } });
      return;
    }
    const parsed = PaymentCallbackSchema.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: { code: 'BAD_CALLBACK', message: 'unexpected callback body' } });
      return;
    }
    let record: TransactionRecord | undefined;
    try {
      record = await deps.settlement.settle(parsed.data.reference);
    } catch (err) {
      deps.logger.error({ err }, 'payment callback could not be recorded; the gateway will retry');
      res.send(503, { error: { code: 'RETRY', message: 'try again' } });
      return;
    }
    res.send(200, { received: true, status: record?.status ?? 'unknown' });
    if (record && (record.status === 'completed' || record.status === 'payment_failed' || record.status === 'failed')) {
      void deps.onSettled(record).catch((err) => deps.logger.warn({ err }, 'could not notify the citizen'));
    }
  });
}
