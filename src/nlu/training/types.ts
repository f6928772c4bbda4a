/** Example utterances for one label, in both languages (same shape as a service's `training`). */
export interface TrainingPhrases {
  ms: readonly string[];
  en: readonly string[];
}
