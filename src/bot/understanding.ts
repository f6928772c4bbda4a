import type { IntentLabel } from '../flows/types';
import type { Lang } from '../i18n/lang';

/** What the bot needs from src/nlu for one message; kept narrow so the NLU can change behind it. */
export interface TurnUnderstanding {
  lang: Lang;
  intent: IntentLabel;
  confidence: number;
  entities: Record<string, unknown>;
  command: string | null;
  switchTo: Lang | null;
}

export interface Understander {
  understand(text: string, context: { previousLang?: Lang; today?: Date }): Promise<TurnUnderstanding>;
}
