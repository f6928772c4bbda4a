import type { Lang } from '../i18n/lang';
import type { ServiceId } from '../flows/types';
import type { KnowledgeAgency } from './documentSchema';

/** One `## ` section of a document: the unit that is retrieved and quoted. */
export interface Section {
  /** Position in the document (0 = the text under the title); the same in both languages. */
  index: number;
  heading: string;
  body: string;
}

/** A parsed, validated knowledge document in one language. */
export interface KnowledgeDocument {
  id: string;
  lang: Lang;
  title: string;
  agency: KnowledgeAgency;
  source: string;
  sources: readonly string[];
  verified: string;
  service?: ServiceId;
  /** Names of the region the document's facts hold in (front matter `region`); none = the default (national or Peninsular) figure. */
  region?: readonly string[];
  sections: readonly Section[];
  file: string;
}

/** A section ready for indexing, with the document facts it needs to be cited. */
export interface Chunk {
  /** `${docId}#${sectionIndex}` — shared by the Malay and English versions of the section. */
  key: string;
  docId: string;
  lang: Lang;
  title: string;
  heading: string;
  body: string;
  url: string;
  agency: KnowledgeAgency;
  service?: ServiceId;
  region?: readonly string[];
}
