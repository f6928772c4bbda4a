/**
 * Writes openapi/sandbox.json from the sandbox's route table and zod schemas.
 *   npx tsx scripts/openapi.ts          (re-generate)
 *   npx tsx scripts/openapi.ts --check  (exit 1 when the committed file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApiDocument } from '../src/sandbox/openapi';

export const OPENAPI_FILE = join(__dirname, '..', 'openapi', 'sandbox.json');

function main(argv: string[]): void {
  const text = renderOpenApiDocument();
  if (argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (committed !== text) {
      process.stderr.write('openapi/sandbox.json is stale: run `npx tsx scripts/openapi.ts`\n');
      process.exit(1);
    }
    process.stdout.write('openapi/sandbox.json is up to date\n');
    return;
  }
  writeFileSync(OPENAPI_FILE, text);
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}

if (require.main === module) main(process.argv.slice(2));
