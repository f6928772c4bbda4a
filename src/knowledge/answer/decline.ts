import { pick, type Lang } from '../../i18n/lang';
import { CONCEPT_PREFIX } from '../text/analyze';
import { KNOWLEDGE_TEXTS } from './texts';

// Concepts that tell which agency a question is about, so "I don't know" points to the right door.
const JPJ_CONCEPTS = new Set(
  ['roadtax', 'drivinglicence', 'licence', 'summons', 'demerit', 'inspection', 'motorcycle', 'car', 'suv', 'electric', 'probationary', 'competent', 'learner', 'vocational', 'transfer', 'sticker', 'myjpj', 'jpj', 'ehailing', 'insurance'].map((c) => CONCEPT_PREFIX + c),
);
const JIM_CONCEPTS = new Set(['passport', 'travelban', 'plks', 'mytravelpass', 'jim', 'photo', 'hajj'].map((c) => CONCEPT_PREFIX + c));

export type Contact = 'JPJ' | 'JIM' | 'GENERAL';

export function contactFor(terms: readonly string[]): Contact {
  const jpj = terms.filter((t) => JPJ_CONCEPTS.has(t)).length;
  const jim = terms.filter((t) => JIM_CONCEPTS.has(t)).length;
  if (jpj > jim) return 'JPJ';
  if (jim > jpj) return 'JIM';
  return 'GENERAL';
}

/** "I don't have that information" in the citizen's language, with the agency to ask instead. */
export function declineText(lang: Lang, terms: readonly string[]): string {
  const contact = contactFor(terms);
  const contactText =
    contact === 'JPJ' ? KNOWLEDGE_TEXTS.contactJpj : contact === 'JIM' ? KNOWLEDGE_TEXTS.contactJim : KNOWLEDGE_TEXTS.contactGeneral;
  return pick(KNOWLEDGE_TEXTS.decline, lang, { contact: pick(contactText, lang) });
}
