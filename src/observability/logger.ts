import { join } from 'node:path';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { maskText, maskValue } from './mask';

export type { Logger };

/** Set by the test suite (tests/setup/logAudit.ts): every logger also writes everything to a file there. */
export const LOG_AUDIT_DIR_ENV = 'KHIDMAT_LOG_AUDIT_DIR';

/**
 * The one logger. Every object and message passes through the masker (MyKad, phone, OTP, tokens),
 * so no call site can leak personal data by forgetting to mask it.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const config: LoggerOptions = {
    level,
    base: { service: 'khidmat' },
    formatters: {
      log: (object) => maskValue(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, maskArguments(args) as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => maskValue(err),
    },
  };
  const plain = options.destination ? pino(config, options.destination) : pino(config);
  const auditDir = process.env[LOG_AUDIT_DIR_ENV];
  if (!auditDir) return withMaskedBindings(plain);
  // Audit mode: the configured destination keeps its level; a second stream gets every record from
  // debug up, so the suite can check what *could* be logged, not only what its quiet loggers print.
  const normal = (plain as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]!;
  const auditLevel = level === 'trace' ? 'trace' : 'debug';
  const streams = pino.multistream([
    { level: level as pino.Level, stream: normal },
    { level: 'debug', stream: auditStream(auditDir) },
  ]);
  return withMaskedBindings(pino({ ...config, level: auditLevel }, streams));
}

/**
 * The masker over a log call's arguments, including the two ways pino would otherwise write text that
 * never reaches `formatters.log`: interpolated objects (`'%j'`) and the message it takes from an
 * error when the call gives none (`log.error(err)`, `log.warn({ err })`).
 */
function maskArguments(args: unknown[]): unknown[] {
  const masked = args.map((arg, i) => (typeof arg === 'string' ? maskText(arg) : i > 0 && typeof arg === 'object' && arg !== null ? maskValue(arg) : arg));
  const [first] = args;
  if (args.length === 1 && typeof first === 'object' && first !== null) {
    const err = first instanceof Error ? first : (first as { msg?: unknown; err?: { message?: unknown } }).msg === undefined ? (first as { err?: { message?: unknown } }).err : undefined;
    if (err && typeof err === 'object' && typeof err.message === 'string') masked.push(maskText(err.message));
  }
  return masked;
}

/** Child bindings are serialised once, apart from the records (no formatter sees them): mask them here. */
function withMaskedBindings(logger: Logger): Logger {
  const child = logger.child;
  // Children are created with Object.create(parent), so they inherit this wrapper too.
  logger.child = function maskedChild(this: Logger, bindings, childOptions) {
    return child.call(this, maskValue(bindings) as pino.Bindings, childOptions);
  } as Logger['child'];
  return logger;
}

/**
 * One append-only file per process, shared by all its loggers (module copies included, hence the
 * global). Synchronous writes: a test may SIGKILL a process, and buffered lines would be lost.
 */
function auditStream(dir: string): DestinationStream {
  const key = Symbol.for('khidmat.logAuditStream');
  const cache = globalThis as unknown as Record<symbol, { dir: string; stream: DestinationStream } | undefined>;
  const cached = cache[key];
  if (cached && cached.dir === dir) return cached.stream;
  const stream = pino.destination({ dest: join(dir, `${process.pid}.log`), sync: true, append: true, mkdir: true });
  cache[key] = { dir, stream };
  return stream;
}

/** Process-wide logger; tests may build their own with a destination to inspect the output. */
export const logger: Logger = createLogger();
