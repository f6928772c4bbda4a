/**
 * What reading a never-seen question costs, in this process, without HTTP or the bot around it:
 * the offline NLU (language, entities, intent) and the knowledge answer (retrieval, composition) of
 * the benchmark's new-question texts, each asked once, after as many others as a warm-up.
 *
 *   npm run bench:questions     (about 10 s; run it a few times, alternating two versions)
 */
import { createKnowledge } from '../../src/knowledge';
import { createUnderstanding } from '../../src/nlu';
import { everyNewQuestion } from './scenarios';
import { seededRandom } from './stats';

async function main(): Promise<void> {
  const texts = everyNewQuestion();
  const random = seededRandom(7);
  for (let i = texts.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [texts[i], texts[j]] = [texts[j]!, texts[i]!];
  }
  const understanding = createUnderstanding();
  const knowledge = await createKnowledge({});
  const warmUp = texts.slice(0, 6_000);
  const measured = texts.slice(6_000, 18_000);
  for (const text of warmUp) await knowledge.ask(text, { lang: understanding.understandOffline(text).lang });
  let nluMs = 0;
  let knowledgeMs = 0;
  for (const text of measured) {
    const started = performance.now();
    const { lang } = understanding.understandOffline(text);
    const understood = performance.now();
    await knowledge.ask(text, { lang });
    knowledgeMs += performance.now() - understood;
    nluMs += understood - started;
  }
  const us = (ms: number) => ((1000 * ms) / measured.length).toFixed(1);
  process.stdout.write(`a new question, per text (${measured.length} texts): NLU ${us(nluMs)} µs, knowledge ${us(knowledgeMs)} µs, together ${us(nluMs + knowledgeMs)} µs\n`);
}

void main();
