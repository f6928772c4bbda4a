import type { Config } from '../config';
import { createUnderstanding } from '../nlu';
import type { Understander } from './understanding';

/** The NLU of src/nlu behind the bot's narrow Understander interface; the LLM only when configured. */
export async function createUnderstander(config: Config): Promise<Understander> {
  return createUnderstanding(
    config.llmEnabled
      ? { llm: { apiKey: config.OPENAI_API_KEY ?? 'not-needed', baseUrl: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL } }
      : {},
  );
}
