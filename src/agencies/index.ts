import { AgencyHttpClient, type AgencyHttpOptions } from './http';
import { IdentityClient } from './identity';
import { JimClient } from './jim';
import { JpjClient } from './jpj';
import { PaymentsClient } from './payments';

export { IdentityClient } from './identity';
export { JimClient } from './jim';
export { AppointmentsClient, JpjClient } from './jpj';
export { PaymentsClient, signPaymentCallback, verifyPaymentCallback, PAYMENT_SIGNATURE_HEADER } from './payments';
export { explainReason, needsCounter, REASON_CODES, REASONS, type Reason, type ReasonCode } from './reasons';

export interface AgencyClients {
  jpj: JpjClient;
  jim: JimClient;
  identity: IdentityClient;
  payments: PaymentsClient;
}

export interface AgencyClientsConfig {
  jpjUrl: string;
  jimUrl: string;
  paymentUrl: string;
  identityUrl: string;
  timeoutMs?: number;
  retries?: number;
  breaker?: AgencyHttpOptions['breaker'];
  fetch?: typeof fetch;
  onCall?: AgencyHttpOptions['onCall'];
  logger?: AgencyHttpOptions['logger'];
}

/**
 * One typed client per agency, each over its own resilient HTTP client (own breaker, so a JIM outage
 * does not stop road tax renewals). Base URLs are the agency roots, e.g. `${PUBLIC_URL}/sandbox/jpj`
 * for the embedded sandbox or a real endpoint from JPJ_API_URL — a configuration change, not code.
 */
export function createAgencyClients(cfg: AgencyClientsConfig): AgencyClients {
  const http = (agency: AgencyHttpOptions['agency'], baseUrl: string) =>
    new AgencyHttpClient({ agency, baseUrl, timeoutMs: cfg.timeoutMs, retries: cfg.retries, breaker: cfg.breaker, fetch: cfg.fetch, onCall: cfg.onCall, logger: cfg.logger });
  return {
    jpj: new JpjClient(http('JPJ', cfg.jpjUrl)),
    jim: new JimClient(http('JIM', cfg.jimUrl)),
    identity: new IdentityClient(http('IDENTITY', cfg.identityUrl)),
    payments: new PaymentsClient(http('PAYMENT', cfg.paymentUrl)),
  };
}

/** The agency URLs of the embedded sandbox mounted at /sandbox on `publicUrl`. */
export function sandboxAgencyUrls(publicUrl: string, prefix = '/sandbox'): Pick<AgencyClientsConfig, 'jpjUrl' | 'jimUrl' | 'paymentUrl' | 'identityUrl'> {
  const base = `${publicUrl.replace(/\/+$/, '')}${prefix}`;
  return { jpjUrl: `${base}/jpj`, jimUrl: `${base}/jim`, paymentUrl: `${base}/payments`, identityUrl: `${base}/identity` };
}
