import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LANGS, type Lang } from '../i18n/lang';
import type { Chunk, KnowledgeDocument, Section } from './document';
import { frontMatterSchema } from './documentSchema';
import { KnowledgeBaseError, KnowledgeDocumentError } from './errors';
import { splitFrontMatter } from './frontMatter';

/** Parse and validate one document; `file` is only used to name it in errors. */
export function parseDocument(text: string, file: string): KnowledgeDocument {
  const { data, body, problems } = splitFrontMatter(text);
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.') || '(front matter)';
      problems.push(issue.code === 'unrecognized_keys' ? `front matter: ${issue.message}` : `front matter "${field}": ${issue.message}`);
    }
  }
  const { title, sections, problems: bodyProblems } = splitSections(body);
  problems.push(...bodyProblems);
  if (parsed.success && title !== undefined && title !== parsed.data.title) {
    problems.push(`the "# " heading ("${title}") differs from the front matter title ("${parsed.data.title}")`);
  }
  if (problems.length > 0 || !parsed.success) throw new KnowledgeDocumentError(file, problems);
  const meta = parsed.data;
  return {
    id: meta.id,
    lang: meta.lang,
    title: meta.title,
    agency: meta.agency,
    source: meta.source,
    sources: meta.sources ?? [],
    verified: meta.verified,
    service: meta.service,
    region: meta.region,
    sections,
    file,
  };
}

function splitSections(body: string): { title?: string; sections: Section[]; problems: string[] } {
  const problems: string[] = [];
  const lines = body.trim().split('\n');
  const h1 = /^#\s+(.+)$/.exec(lines[0] ?? '');
  if (!h1) problems.push('the body must start with a "# Title" line');
  const title = h1?.[1].trim();
  const sections: Section[] = [];
  let heading = title ?? '';
  let buffer: string[] = [];
  const flush = () => {
    const text = buffer.join('\n').trim();
    if (text) sections.push({ index: sections.length, heading, body: text });
    else if (sections.length > 0 || heading !== title) problems.push(`section "${heading}" is empty`);
    buffer = [];
  };
  for (const line of lines.slice(h1 ? 1 : 0)) {
    const h2 = /^##\s+(.+)$/.exec(line);
    if (h2) {
      flush();
      heading = h2[1].trim();
    } else if (/^#\s/.test(line)) {
      problems.push(`only one "# " heading is allowed (found "${line.trim()}")`);
    } else {
      buffer.push(line);
    }
  }
  flush();
  if (sections.length === 0) problems.push('the document has no text');
  return { title, sections, problems };
}

/** Every `*.md` under the directory, recursively, sorted for a stable order. */
function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (name.endsWith('.md') && name.toLowerCase() !== 'readme.md') out.push(path);
  }
  return out;
}

/**
 * Load the knowledge base: every document valid, and every topic present in both languages with
 * the same number of sections (section N of the Malay text answers what section N of the English
 * one does — the retriever relies on that to answer in the citizen's language).
 */
export function loadKnowledgeDocuments(dir: string): KnowledgeDocument[] {
  let files: string[];
  try {
    files = markdownFiles(dir);
  } catch (error) {
    throw new KnowledgeBaseError([`cannot read the knowledge folder ${dir}: ${(error as Error).message}`]);
  }
  const documents = files.map((path) => parseDocument(readFileSync(path, 'utf8'), relative(process.cwd(), path) || path));
  checkPairs(documents);
  return documents;
}

export function checkPairs(documents: readonly KnowledgeDocument[]): void {
  const problems: string[] = [];
  if (documents.length === 0) problems.push('no documents found');
  const byId = new Map<string, Map<Lang, KnowledgeDocument>>();
  for (const doc of documents) {
    const langs = byId.get(doc.id) ?? new Map<Lang, KnowledgeDocument>();
    const twin = langs.get(doc.lang);
    if (twin) problems.push(`${doc.file}: id "${doc.id}" in ${doc.lang} is already used by ${twin.file}`);
    langs.set(doc.lang, doc);
    byId.set(doc.id, langs);
  }
  for (const [id, langs] of byId) {
    for (const lang of LANGS) {
      if (!langs.has(lang)) problems.push(`topic "${id}" has no ${lang} document`);
    }
    const [ms, en] = [langs.get('ms'), langs.get('en')];
    if (ms && en) {
      if (ms.sections.length !== en.sections.length) {
        problems.push(`topic "${id}": ${ms.file} has ${ms.sections.length} sections but ${en.file} has ${en.sections.length}`);
      }
      if (ms.agency !== en.agency || ms.service !== en.service) {
        problems.push(`topic "${id}": agency/service differ between ${ms.file} and ${en.file}`);
      }
      // Names may differ by language ("Malaysia Timur"), but a region in one is a region in both.
      if (Boolean(ms.region) !== Boolean(en.region)) {
        problems.push(`topic "${id}": only one of ${ms.file} and ${en.file} names a region`);
      }
    }
  }
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
}

/** Sections as retrievable chunks. */
export function toChunks(documents: readonly KnowledgeDocument[]): Chunk[] {
  return documents.flatMap((doc) =>
    doc.sections.map((section) => ({
      key: `${doc.id}#${section.index}`,
      docId: doc.id,
      lang: doc.lang,
      title: doc.title,
      heading: section.heading,
      body: section.body,
      url: doc.source,
      agency: doc.agency,
      service: doc.service,
      region: doc.region,
    })),
  );
}
