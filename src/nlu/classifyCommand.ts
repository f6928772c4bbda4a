import { createInterface } from 'node:readline';
import type { Lang } from '../i18n/lang';
import { createUnderstanding } from './index';

/**
 * `npx khidmat classify`: one utterance per line on stdin → one JSON object per line on stdout,
 * `{"text","lang","intent","confidence","entities":{...}}` (DESIGN 4.1). Offline only, so the output
 * is the same on every machine; each line is independent (no conversation language carried over).
 */
export async function run(
  _argv: string[],
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream } = { stdin: process.stdin, stdout: process.stdout },
): Promise<void> {
  const understanding = createUnderstanding();
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const result = understanding.understandOffline(text);
    const lang: Lang = result.lang;
    io.stdout.write(
      `${JSON.stringify({ text: result.text, lang, intent: result.intent, confidence: Number(result.confidence.toFixed(3)), entities: result.entities })}\n`,
    );
  }
}
