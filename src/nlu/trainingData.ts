import { services } from '../../dialogs';
import type { TrainingExample } from './classifier';
import { nonServiceTraining } from './training';
import { LANGS } from '../i18n/lang';
import type { OtherIntent } from '../flows/types';

/** All training examples: every service's phrases from dialogs/ plus the non-service labels. */
export function trainingExamples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const service of services) {
    for (const lang of LANGS) for (const text of service.training[lang]) out.push({ text, intent: service.id, lang });
  }
  for (const [intent, phrases] of Object.entries(nonServiceTraining) as [OtherIntent, { ms: readonly string[]; en: readonly string[] }][]) {
    for (const lang of LANGS) for (const text of phrases[lang]) out.push({ text, intent, lang });
  }
  return out;
}
