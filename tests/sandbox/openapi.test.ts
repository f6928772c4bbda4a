import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/sandbox/contract';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../src/sandbox/openapi';
import { startSandbox, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());

describe('OpenAPI document', () => {
  it('the committed openapi/sandbox.json is exactly what the schemas generate (run `npx tsx scripts/openapi.ts` after changing them)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'openapi', 'sandbox.json'), 'utf8');
    expect(committed).toBe(renderOpenApiDocument());
  });

  it('documents every route of the contract, with auth and idempotency', () => {
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.0.3');
    for (const [id, route] of Object.entries(ROUTES)) {
      const operation = doc.paths[`/sandbox${route.path}`]?.[route.method.toLowerCase()];
      expect(operation?.operationId, id).toBe(id);
      expect(Boolean(operation.security), `${id} security`).toBe(Boolean((route as { auth?: boolean }).auth));
      const hasKey = operation.parameters.some((p: { name: string }) => p.name === 'Idempotency-Key');
      expect(hasKey, `${id} Idempotency-Key`).toBe(Boolean((route as { idempotent?: boolean }).idempotent));
    }
    expect(doc.paths['/sandbox/pay/{paymentId}']).toHaveProperty('post.callbacks.paymentSettled');
  });

  it('describes the road tax quote amounts as two-decimal ringgit strings', () => {
    const doc = buildOpenApiDocument() as any;
    const schema = doc.paths['/sandbox/jpj/roadtax/rates'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.quotes.items).toEqual({ $ref: '#/components/schemas/RoadTaxQuote' });
    expect(doc.components.schemas.RoadTaxQuote.properties.amount).toMatchObject({ type: 'string', pattern: '^\\d{1,9}\\.\\d{2}$' });
    const refs = new Set([...JSON.stringify(doc).matchAll(/#\/components\/schemas\/(\w+)/g)].map((m) => m[1]!));
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
  });

  it('is served at /sandbox/openapi.json', async () => {
    const reply = await h.call('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(JSON.parse(renderOpenApiDocument()));
  });
});
