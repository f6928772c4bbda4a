import pino, { type Logger, type LoggerOptions } from 'pino';
import { maskText, maskValue } from './mask';

export type { Logger };

/**
 * The one logger. Every object and message passes through the masker (MyKad, phone, OTP, tokens),
 * so no call site can leak personal data by forgetting to mask it.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'khidmat' },
    formatters: {
      log: (object) => maskValue(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskText(arg) : arg)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
    serializers: {
      err: (err: unknown) => maskValue(err),
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** Process-wide logger; tests may build their own with a destination to inspect the output. */
export const logger: Logger = createLogger();
