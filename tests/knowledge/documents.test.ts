import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkPairs,
  DEFAULT_KNOWLEDGE_DIR,
  KnowledgeBaseError,
  KnowledgeDocumentError,
  loadKnowledgeDocuments,
  parseDocument,
} from '../../src/knowledge';

const valid = `---
id: roadtax-test
title: A test topic
agency: JPJ
lang: en
source: https://www.jpj.gov.my/example
sources:
  - https://paultan.org/example
verified: 2026-11-29
service: jpj.roadtax.renew
---
# A test topic

Intro text.

## A section

Section text.
`;

describe('knowledge document front matter', () => {
  it('parses a valid document into sections', () => {
    const doc = parseDocument(valid, 'knowledge/en/roadtax-test.md');
    expect(doc).toMatchObject({ id: 'roadtax-test', lang: 'en', agency: 'JPJ', service: 'jpj.roadtax.renew', sources: ['https://paultan.org/example'] });
    expect(doc.sections.map((s) => s.heading)).toEqual(['A test topic', 'A section']);
  });

  it.each([
    ['a missing source', valid.replace('source: https://www.jpj.gov.my/example\n', ''), /"source"/],
    ['a source that is not a URL', valid.replace('source: https://www.jpj.gov.my/example', 'source: the JPJ website'), /"source": expected the http\(s\) address/],
    ['an impossible verified date', valid.replace('verified: 2026-11-29', 'verified: 2026-02-30'), /"verified": expected a real calendar date/],
    ['an unknown language', valid.replace('lang: en', 'lang: id'), /"lang": expected "ms" or "en"/],
    ['an unknown agency', valid.replace('agency: JPJ', 'agency: LHDN'), /"agency": expected one of/],
    ['an unknown service id', valid.replace('service: jpj.roadtax.renew', 'service: jpj.roadtax.cancel'), /"service": expected a service id/],
    ['an unknown field', valid.replace('verified: 2026-11-29', 'verified: 2026-11-29\nauthor: someone'), /unrecognized|author/i],
    ['no front matter at all', valid.slice(valid.indexOf('# A test topic')), /missing front matter/],
    ['a title that differs from the heading', valid.replace('# A test topic', '# Another title'), /differs from the front matter title/],
  ])('rejects %s with an error naming the file', (_what, text, message) => {
    try {
      parseDocument(text, 'knowledge/en/broken.md');
      expect.unreachable('a broken document must not load');
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeDocumentError);
      expect((error as Error).message).toContain('knowledge/en/broken.md');
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses a topic that exists in one language only', () => {
    const en = parseDocument(valid, 'knowledge/en/roadtax-test.md');
    expect(() => checkPairs([en])).toThrow(KnowledgeBaseError);
    expect(() => checkPairs([en])).toThrow(/topic "roadtax-test" has no ms document/);
  });

  it('reads a region, and refuses a topic whose region is named in one language only', () => {
    const regional = valid.replace('service: jpj.roadtax.renew\n', 'service: jpj.roadtax.renew\nregion:\n  - Sabah\n  - East Malaysia\n');
    const en = parseDocument(regional, 'knowledge/en/roadtax-test.md');
    expect(en.region).toEqual(['Sabah', 'East Malaysia']);
    const ms = parseDocument(valid.replace('lang: en', 'lang: ms'), 'knowledge/ms/roadtax-test.md');
    expect(() => checkPairs([en, ms])).toThrow(/only one of .* names a region/);
  });

  it('refuses a topic whose two languages have different sections', () => {
    const en = parseDocument(valid, 'knowledge/en/roadtax-test.md');
    const ms = parseDocument(valid.replace('lang: en', 'lang: ms').replace('## A section\n\nSection text.\n', ''), 'knowledge/ms/roadtax-test.md');
    expect(() => checkPairs([en, ms])).toThrow(/has 1 sections but .* has 2/);
  });
});

describe('the knowledge base in knowledge/', () => {
  const documents = loadKnowledgeDocuments(DEFAULT_KNOWLEDGE_DIR);
  const ids = [...new Set(documents.map((d) => d.id))];

  it('has at least 25 topics, each in Malay and English with the same id', () => {
    expect(ids.length).toBeGreaterThanOrEqual(25);
    for (const id of ids) {
      expect(documents.filter((d) => d.id === id).map((d) => d.lang).sort(), id).toEqual(['en', 'ms']);
    }
  });

  it('covers every topic issue 6 asks for', () => {
    const required = [
      'roadtax-rates-peninsular', 'roadtax-rates-sabah-sarawak', 'roadtax-renewal', 'roadtax-period', 'roadtax-digital', 'roadtax-puspakom',
      'licence-fees', 'licence-renewal', 'licence-void', 'licence-probationary', 'licence-vocational', 'licence-seniors', 'kejara-demerit',
      'summons-payment', 'summons-blacklist', 'ownership-transfer', 'passport-fees', 'passport-online-renewal', 'passport-counter',
      'passport-documents', 'passport-collection', 'passport-lost-damaged', 'passport-processing-time', 'passport-10-year',
      'travel-restriction', 'foreign-worker-plks', 'payment-methods', 'mytravelpass', 'privacy-notice', 'khidmat-services',
    ];
    expect(ids).toEqual(expect.arrayContaining(required));
  });

  // The team's verified fact sheet sits beside the repository (../shared) on our machines and in CI.
  const factsFile = path.resolve(__dirname, '../../../shared/facts/malaysia-services.md');
  it('cites real http(s) sources — and, where the fact sheet is beside the repo, only ones it lists', () => {
    const facts = existsSync(factsFile) ? readFileSync(factsFile, 'utf8') : undefined;
    for (const doc of documents) {
      for (const url of [doc.source, ...doc.sources]) {
        expect(url, doc.file).toMatch(/^https?:\/\/[^\s]+$/);
        if (facts) expect(facts.includes(url), `${doc.file}: ${url}`).toBe(true);
      }
    }
  });

  it('states unverified items as not confirmed, in both languages', () => {
    const caveat = { en: /not confirmed/i, ms: /belum disahkan/i };
    for (const id of ['passport-10-year', 'roadtax-puspakom', 'roadtax-other-vehicles', 'licence-renewal', 'licence-probationary', 'passport-lost-damaged', 'myjpj-app']) {
      for (const doc of documents.filter((d) => d.id === id)) {
        const text = doc.sections.map((s) => s.body).join('\n');
        expect(text, doc.file).toMatch(caveat[doc.lang]);
      }
    }
  });

  it('never quotes a fee for the 10-year passport', () => {
    for (const doc of documents.filter((d) => d.id === 'passport-10-year')) {
      const amounts = doc.sections.flatMap((s) => s.body.match(/RM\s?\d+(?:,\d{3})*(?:\.\d+)?/g) ?? []);
      // Only the 5-year fee it is compared with ("more than RM200") may appear.
      expect(amounts.every((a) => a === 'RM200'), doc.file).toBe(true);
    }
  });

  it('offers only DESIGN 4.2 services and names the privacy commands in both languages', () => {
    const privacy = documents.filter((d) => d.id === 'privacy-notice');
    const text = Object.fromEntries(privacy.map((d) => [d.lang, d.sections.map((s) => s.body).join('\n')]));
    expect(text.ms).toContain('"padam data saya"');
    expect(text.ms).toContain('"data saya"');
    expect(text.en).toContain('"delete my data"');
    expect(text.en).toContain('"my data"');
  });
});
