import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../config';
import { createKnowledge, knowledgeOptionsFromEnv, type KnowledgeOptions } from './knowledge';

const USAGE = `Usage: khidmat ask < questions.txt
Reads questions, one per line, on stdin; writes one JSON object per line:
{"question","lang","answer","grounded":true|false,"sources":[{"id","title","url"}]}
Offline by default; OPENAI_API_KEY / OPENAI_BASE_URL (and OPENAI_EMBEDDINGS_MODEL) switch on the model paths.
`;

export interface AskIo {
  stdin: Readable;
  stdout: Writable;
  /** For tests: knowledge options instead of the environment's. */
  options?: KnowledgeOptions;
}

/** `npx khidmat ask` (DESIGN 4.1). Answers in order, one line per non-empty question. */
export async function run(argv: string[], io: AskIo = { stdin: process.stdin, stdout: process.stdout }): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return;
  }
  const options = io.options ?? knowledgeOptionsFromEnv(loadConfig(process.env));
  const knowledge = await createKnowledge(options);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const question = line.trim();
    if (!question) continue;
    const { lang, answer, grounded, sources } = await knowledge.ask(question);
    io.stdout.write(`${JSON.stringify({ question, lang, answer, grounded, sources })}\n`);
  }
}
