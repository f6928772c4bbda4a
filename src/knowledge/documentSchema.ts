import { z } from 'zod';
import { SERVICE_IDS } from '../flows/types';
import { LANGS } from '../i18n/lang';

/** Agencies a document can speak for; KHIDMAT is the assistant itself (privacy, what it can do). */
export const KNOWLEDGE_AGENCIES = ['JPJ', 'JIM', 'KHIDMAT', 'PDRM', 'JPN'] as const;
export type KnowledgeAgency = (typeof KNOWLEDGE_AGENCIES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'expected a real calendar date');

/** The front matter of a knowledge document (DESIGN 4.6). */
export const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase id with dashes, e.g. roadtax-rates'),
    title: z.string().trim().min(3, 'expected a title'),
    agency: z.enum(KNOWLEDGE_AGENCIES, { message: `expected one of ${KNOWLEDGE_AGENCIES.join(', ')}` }),
    lang: z.enum(LANGS, { message: 'expected "ms" or "en"' }),
    source: z.url({ protocol: /^https?$/, message: 'expected the http(s) address of the official or news page' }),
    sources: z.array(z.url({ protocol: /^https?$/, message: 'expected http(s) addresses' })).optional(),
    verified: isoDate,
    service: z.enum(SERVICE_IDS, { message: `expected a service id: ${SERVICE_IDS.join(', ')}` }).optional(),
    /**
     * What the document says holds only in a region: the names a citizen would call it by. When an
     * answer quotes the same section of two documents (the question fit both), the one whose region
     * the question names comes first, else the one without a region (the Peninsular rate, not
     * Sabah's, for "road tax 1800cc").
     */
    region: z.array(z.string().trim().min(2, 'expected a region name')).min(1, 'expected at least one region name').optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;
