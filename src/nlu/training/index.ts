import type { OtherIntent } from '../../flows/types';
import { faq } from './faq';
import { greeting } from './greeting';
import { handoff } from './handoff';
import { outOfScope } from './outOfScope';
import { switchLanguage } from './switchLanguage';
import type { TrainingPhrases } from './types';

export type { TrainingPhrases } from './types';

/** Training phrases for the labels that are not services (services carry theirs in dialogs/). */
export const nonServiceTraining: Readonly<Record<OtherIntent, TrainingPhrases>> = {
  faq,
  handoff,
  greeting,
  switch_language: switchLanguage,
  out_of_scope: outOfScope,
};
