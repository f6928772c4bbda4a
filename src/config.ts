import { z } from 'zod';
import { LANGS, type Lang } from './i18n/lang';
import { parseClusterUrl } from './state/redis';

/**
 * The environment, validated once at start-up. A wrong value stops the process with one line per
 * problem naming the variable and what it expects (see ConfigError), never a stack trace.
 */

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = (what: string) =>
  z.preprocess(emptyToUndefined, z.url({ message: `expected ${what} to be an http(s) URL, e.g. https://example.gov.my` }).optional());
const positiveInt = (what: string, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: `expected a whole number` }).int(`expected a whole number`).positive(`expected a number above 0`).default(fallback),
  );

const schema = z
  .object({
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'expected a port number (1–65535)' }).int('expected a port number (1–65535)').min(0, 'expected a port number (1–65535)').max(65535, 'expected a port number (1–65535)').default(3978),
    ),
    PUBLIC_URL: optionalUrl('PUBLIC_URL'),
    DEFAULT_LANGUAGE: z.preprocess(emptyToUndefined, z.enum(LANGS, { message: 'expected "ms" or "en"' }).default('ms')),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
    ),
    OFFICE_HOURS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\s*[A-Za-z]{3}(\s*-\s*[A-Za-z]{3})?\s+\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}(\s*;\s*[A-Za-z]{3}(\s*-\s*[A-Za-z]{3})?\s+\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2})*\s*$/, 'expected ranges like "Mon-Fri 08:00-17:00" (Malaysia time; several joined with ";")')
        .default('Mon-Fri 08:00-17:00'),
    ),
    ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'expected at least 16 characters (it guards the operator pages)').optional()),

    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'expected MultiTenant, SingleTenant or UserAssignedMSI' }).default('MultiTenant'),
    ),
    MicrosoftAppTenantId: optionalString,

    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(
          /^(rediss?:\/\/[^\s]+|redis\+sentinel:\/\/([^\s@/]*@)?[\w.-]+(:\d+)?(,[\w.-]+(:\d+)?)*\/[\w.-]+(\?[^\s]*)?|redis\+cluster:\/\/([^\s@/]*@)?[\w.-]+(:\d+)?(,[\w.-]+(:\d+)?)*\/?(\?[^\s]*)?)$/,
          // abort: a URL of the wrong shape gets this one line, not the port check's too.
          { message: 'expected a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS, redis+sentinel://host:26379,host2:26379/mymaster, or redis+cluster://host:6379,host2:6379)', abort: true },
        )
        .refine(
          (value) => (value.startsWith('redis+cluster://') ? parseClusterUrl(value) !== undefined : value.startsWith('redis+sentinel://') || URL.canParse(value)),
          'expected a Redis URL such as redis://127.0.0.1:6379 (ports 1–65535)',
        )
        .optional(),
    ),
    CONVERSATION_TTL_SECONDS: positiveInt('CONVERSATION_TTL_SECONDS', 30 * 60),
    USER_TTL_SECONDS: positiveInt('USER_TTL_SECONDS', 180 * 24 * 60 * 60),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl('OPENAI_BASE_URL'),
    OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
    OPENAI_EMBEDDINGS_MODEL: optionalString,

    JPJ_API_URL: optionalUrl('JPJ_API_URL'),
    JIM_API_URL: optionalUrl('JIM_API_URL'),
    PAYMENT_API_URL: optionalUrl('PAYMENT_API_URL'),
    IDENTITY_API_URL: optionalUrl('IDENTITY_API_URL'),
    PAYMENT_CALLBACK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'expected at least 16 characters').default('khidmat-sandbox-callback-secret')),
    SANDBOX_TODAY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
        .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'expected a real calendar date as YYYY-MM-DD')
        .optional(),
    ),

    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1–256 characters of A-Z, a-z, 0-9, _ and - (Telegram’s rule)').optional(),
    ),
    TELEGRAM_API_URL: z.preprocess(emptyToUndefined, z.url({ message: 'expected an http(s) URL' }).default('https://api.telegram.org')),

    WHATSAPP_ACCESS_TOKEN: optionalString,
    WHATSAPP_PHONE_NUMBER_ID: optionalString,
    WHATSAPP_APP_SECRET: optionalString,
    WHATSAPP_VERIFY_TOKEN: optionalString,
    WHATSAPP_API_URL: z.preprocess(emptyToUndefined, z.url({ message: 'expected an http(s) URL' }).default('https://graph.facebook.com/v21.0')),
    // Meta's rule for template names: lowercase letters, digits and underscores.
    WHATSAPP_TEMPLATE_NAME: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[a-z0-9_]{1,512}$/, 'expected an approved template name: lowercase letters, digits and _ (e.g. khidmat_update)').optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    }
    if (env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_BOT_TOKEN is set (the webhook must be authenticated)' });
    }
    const whatsapp = [env.WHATSAPP_ACCESS_TOKEN, env.WHATSAPP_PHONE_NUMBER_ID, env.WHATSAPP_APP_SECRET, env.WHATSAPP_VERIFY_TOKEN];
    if (whatsapp.some(Boolean) && !whatsapp.every(Boolean)) {
      for (const [name, value] of [
        ['WHATSAPP_ACCESS_TOKEN', env.WHATSAPP_ACCESS_TOKEN],
        ['WHATSAPP_PHONE_NUMBER_ID', env.WHATSAPP_PHONE_NUMBER_ID],
        ['WHATSAPP_APP_SECRET', env.WHATSAPP_APP_SECRET],
        ['WHATSAPP_VERIFY_TOKEN', env.WHATSAPP_VERIFY_TOKEN],
      ] as const) {
        if (!value) ctx.addIssue({ code: 'custom', path: [name], message: 'is required: WhatsApp needs all four WHATSAPP_* credentials' });
      }
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  DEFAULT_LANGUAGE: Lang;
  /** Where the bot can be reached from outside (payment callbacks, links); derived from PORT when unset. */
  publicUrl: string;
  llmEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const received = env[variable];
      // Secrets are never echoed; a URL is shown without the password it may carry.
      const safe = /SECRET|PASSWORD|TOKEN|KEY/i.test(variable) ? '…' : String(received).replace(/(\/\/[^/@\s]*:)[^/@\s]*@/, '$1…@');
      const shown = received === undefined ? '' : ` (got "${safe}")`;
      return `${variable}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const value = parsed.data;
  return {
    ...value,
    publicUrl: (value.PUBLIC_URL ?? `http://127.0.0.1:${value.PORT}`).replace(/\/+$/, ''),
    llmEnabled: Boolean(value.OPENAI_API_KEY || value.OPENAI_BASE_URL),
  };
}
