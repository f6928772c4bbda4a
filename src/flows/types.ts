import type { Bilingual } from '../i18n/lang';
import type { FlowDefinition } from './definition';

/** The service ids of DESIGN 4.2 — the intent labels for things a citizen can get done. */
export const SERVICE_IDS = [
  'jpj.roadtax.renew',
  'jpj.licence.renew',
  'jpj.summons.check',
  'jpj.demerit.check',
  'jim.passport.renew',
  'jim.passport.status',
  'jim.travel.check',
  'appointment.book',
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** Labels that are not services. */
export const OTHER_INTENTS = ['faq', 'handoff', 'greeting', 'switch_language', 'out_of_scope'] as const;
export type OtherIntent = (typeof OTHER_INTENTS)[number];
export type IntentLabel = ServiceId | OtherIntent;
export const INTENT_LABELS: readonly IntentLabel[] = [...SERVICE_IDS, ...OTHER_INTENTS];

export type Agency = 'JPJ' | 'JIM' | 'KHIDMAT';

/**
 * A service as data (one file per service in dialogs/). The flow engine in src/flows runs it;
 * the intent classifier trains on `training`. Steps and slots are added by the flows work.
 */
export interface ServiceDefinition {
  id: ServiceId;
  agency: Agency;
  title: Bilingual;
  /** Example utterances, written the way citizens write (formal, informal, abbreviated, code-mixed). */
  training: { ms: readonly string[]; en: readonly string[] };
  /** How the service runs (details, identity, agency calls); see src/flows/definition.ts. */
  flow?: FlowDefinition<any>;
}
