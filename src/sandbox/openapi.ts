import { z } from 'zod';
import * as S from '../agencies/schemas';
import { ErrorBodySchema, PaymentCallbackSchema } from '../agencies/schemas';
import { PAGES, ROUTES, type RouteContract } from './contract';

/**
 * The OpenAPI 3.0 document of the sandbox, generated from the route table and its zod schemas
 * (scripts/openapi.ts writes it to openapi/sandbox.json; a test fails when the file is stale).
 */
type Json = Record<string, unknown>;

/** Schemas used in many places become named components ($ref) instead of being repeated inline. */
const NAMED: Record<string, z.ZodType> = {
  Reason: S.ReasonSchema,
  Bilingual: S.BilingualSchema,
  Branch: S.BranchSchema,
  Vehicle: S.VehicleSchema,
  RoadTaxQuote: S.RoadTaxQuoteSchema,
  Licence: S.LicenceSchema,
  LicenceQuote: S.LicenceQuoteSchema,
  Summons: S.SummonsSchema,
  Passport: S.PassportSchema,
  PassportApplication: S.PassportApplicationSchema,
  TravelRestriction: S.TravelRestrictionSchema,
  Slot: S.SlotSchema,
  Appointment: S.AppointmentSchema,
  Payment: S.PaymentSchema,
  LedgerTransaction: S.LedgerTransactionSchema,
  Fault: S.FaultSchema,
};
const registry = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(NAMED)) registry.add(schema, { id });

function schemaOf(schema: z.ZodType, io: 'input' | 'output', components?: Record<string, Json>): Json {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any', metadata: registry }) as Json;
  delete json.$schema;
  const definitions = (json.definitions ?? {}) as Record<string, Json>;
  delete json.definitions;
  for (const [id, definition] of Object.entries(definitions)) {
    const rewritten = relink(definition);
    if (components) components[id] ??= rewritten;
  }
  return relink(json);
}

const relink = (json: Json): Json => JSON.parse(JSON.stringify(json).replaceAll('"#/definitions/', '"#/components/schemas/')) as Json;

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (code INVALID_REQUEST, INVALID_JSON or INVALID_IDEMPOTENCY_KEY)',
  401: 'No valid verification token (UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED)',
  403: 'The token was issued for a different MyKad (FORBIDDEN)',
  404: 'Not found (or not this MyKad’s)',
  409: 'Conflicts with the current state (e.g. PAYMENT_NOT_PAID, PAYMENT_ALREADY_USED, PAYMENT_AMOUNT_MISMATCH, SLOT_FULL)',
  410: 'The OTP has expired or was used (OTP_EXPIRED, OTP_USED)',
  422: 'Refused (e.g. NOT_ELIGIBLE with details.reasons, PAYMENT_REQUIRED, IDEMPOTENCY_KEY_REUSED, OTP_INVALID with details.attemptsLeft)',
  423: 'Locked out after too many wrong OTPs (OTP_LOCKED with details.retryAfterSeconds)',
};

const errorRef = { $ref: '#/components/schemas/Error' };

function parametersOf(route: RouteContract, components: Record<string, Json>): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query', object: z.ZodObject | undefined) => {
    if (!object) return;
    const json = schemaOf(object, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema });
    }
  };
  add('path', route.params);
  add('query', route.query);
  if (route.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Same key + same request → the first result is replayed (header Idempotent-Replayed: true), no second effect; same key + different request → 422. Keys are kept 24 hours.',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    });
  }
  return out;
}

function operationOf(id: string, route: RouteContract, components: Record<string, Json>): Json {
  const success = String(route.status ?? 200);
  const responses: Json = {
    [success]: { description: 'OK', content: { 'application/json': { schema: schemaOf(route.response, 'output', components) } } },
    '400': { description: ERROR_TEXT[400], content: { 'application/json': { schema: errorRef } } },
  };
  for (const status of route.errors ?? []) {
    responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorRef } } };
  }
  if (route.area !== 'tools') {
    responses['503'] = { description: 'The agency is unavailable (also injected faults: 500, 502, 503, 504)', content: { 'application/json': { schema: errorRef } } };
  }
  return {
    operationId: id,
    tags: [route.area],
    summary: route.summary,
    ...(route.settlesPayment
      ? { description: 'Authorised by the verification token of the MyKad — also after the token has expired, when the paid payment (paymentId) was created while it was valid.' }
      : {}),
    ...(route.auth ? { security: [{ verificationToken: [] }] } : {}),
    parameters: parametersOf(route, components),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input', components) } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {};
  const components: Record<string, Json> = { Error: schemaOf(ErrorBodySchema, 'output') };
  for (const [id, route] of Object.entries(ROUTES) as [string, RouteContract][]) {
    const path = `/sandbox${route.path}`;
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operationOf(id, route, components) };
  }
  const idParam = { name: 'paymentId', in: 'path', required: true, schema: { type: 'string' } };
  paths[`/sandbox${PAGES.payPage.path}`] = {
    get: {
      operationId: 'payPage', tags: ['payments'], summary: PAGES.payPage.summary,
      parameters: [idParam, { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['ms', 'en'] } }],
      responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } }, '404': { description: 'No such payment' } },
    },
    post: {
      operationId: 'payAction', tags: ['payments'], summary: PAGES.payAction.summary,
      parameters: [idParam],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', required: ['action'], properties: { action: { type: 'string', enum: ['pay', 'cancel'] }, bank: { type: 'string' }, lang: { type: 'string', enum: ['ms', 'en'] } } },
          },
        },
      },
      responses: { '200': { description: 'Result page; the signed callback is POSTed to callbackUrl', content: { 'text/html': { schema: { type: 'string' } } } }, '400': { description: 'No bank chosen or unknown action' } },
      callbacks: {
        paymentSettled: {
          '{$request.body#/callbackUrl}': {
            post: {
              summary: 'Signed callback: header X-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with PAYMENT_CALLBACK_SECRET; retried with backoff until a 2xx',
              requestBody: { required: true, content: { 'application/json': { schema: schemaOf(PaymentCallbackSchema, 'output', components) } } },
              responses: { '200': { description: 'Acknowledged (any 2xx)' } },
            },
          },
        },
      },
    },
  };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Khidmat agency sandbox',
      version: '1.0.0',
      description:
        'Simulated JPJ, JIM, identity (OTP) and FPX-style payment APIs, plus sandbox tools. Money is ringgit as a string with two places; dates YYYY-MM-DD. ' +
        'Every error reply is {"error":{"code","message","details"}}; an eligibility refusal is a 200 with eligible=false and typed reasons.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'identity', description: 'OTP to the phone on record and verification tokens' },
      { name: 'jpj', description: 'Road Transport Department: vehicles, road tax, driving licence, summonses, demerit points, appointments' },
      { name: 'jim', description: 'Immigration Department: passport renewal and status, travel restrictions, appointments' },
      { name: 'payments', description: 'FPX-style payment gateway' },
      { name: 'tools', description: 'Sandbox only: SMS outbox, ledger, faults, clock, reset' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        verificationToken: { type: 'http', scheme: 'bearer', description: 'Token from POST /sandbox/identity/otp/verify; bound to one MyKad, valid 15 minutes' },
      },
    },
  };
}

/** The committed file's exact text (stable key order, 2-space indent, trailing newline). */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
