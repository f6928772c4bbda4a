/**
 * A refusal or failure the sandbox answers with `{"error":{"code","message","details"}}` — the one error
 * shape every agency API uses (the clients map it to AgencyRefusedError / AgencyAuthError).
 */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SandboxHttpError';
  }

  toBody(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (code: string, message: string, details?: Record<string, unknown>) => new SandboxHttpError(404, code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new SandboxHttpError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) => new SandboxHttpError(422, code, message, details);
