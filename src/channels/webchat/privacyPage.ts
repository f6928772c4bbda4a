import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bilingual, Lang } from '../../i18n/lang';
import { fill } from '../../i18n/lang';

/** Where the privacy notice lives (one Markdown file per language, shared with the bot's knowledge). */
export const KNOWLEDGE_DIR = join(__dirname, '..', '..', '..', 'knowledge');

const WEB_PAGE_SECTION: { heading: Bilingual; paragraphs: Bilingual[] } = {
  heading: { ms: 'Di halaman sembang web ini', en: 'On this web chat page' },
  paragraphs: [
    {
      ms: 'Halaman ini menyimpan kunci perbualan anda dalam storan pelayar supaya memuat semula halaman, atau kembali dari halaman pembayaran, menyambung perbualan yang sama. Kunci itu tamat tempoh apabila perbualan tamat, dan dipadam serta-merta apabila anda menekan "Perbualan baharu" — lakukannya sebelum meninggalkan komputer awam.',
      en: 'This page keeps your conversation key in the browser’s storage so that reloading the page, or coming back from the payment page, resumes the same conversation. The key expires with the conversation, and is erased at once when you press "New conversation" — do so before leaving a shared computer.',
    },
    {
      ms: 'Mesej perbualan disimpan di pelayan Khidmat dan dipadam secara automatik selepas {minutes} minit tanpa aktiviti.',
      en: 'The conversation’s messages are kept on Khidmat’s server and erased automatically after {minutes} minutes without activity.',
    },
    {
      ms: 'Halaman ini tidak menggunakan kuki, dan tidak memuatkan skrip, fon atau imej dari laman lain.',
      en: 'This page uses no cookies, and loads no scripts, fonts or images from other sites.',
    },
  ],
};

const PAGE_TEXT = {
  title: { ms: 'Notis privasi', en: 'Privacy notice' },
  back: { ms: 'Kembali ke sembang', en: 'Back to the chat' },
  jump: { ms: 'Baca dalam bahasa Inggeris', en: 'Read in Bahasa Melayu' },
  missing: {
    ms: 'Notis privasi penuh tidak tersedia buat masa ini. Taip "data saya" dalam sembang untuk melihat data yang disimpan tentang anda.',
    en: 'The full privacy notice is not available right now. Type "my data" in the chat to see what is kept about you.',
  },
} satisfies Record<string, Bilingual>;

/**
 * The bilingual privacy notice at GET /privacy, rendered from the same Markdown the bot answers from
 * (knowledge/<lang>/privacy-notice.md), so the page and the bot never say different things.
 */
export function renderPrivacyPage(options: { conversationTtlSeconds: number; knowledgeDir?: string }): string {
  const minutes = Math.max(1, Math.round(options.conversationTtlSeconds / 60));
  const sections = (['ms', 'en'] as const).map((lang) => section(lang, options.knowledgeDir ?? KNOWLEDGE_DIR, minutes)).join('\n');
  return `<!doctype html>
<html lang="ms">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Khidmat — ${PAGE_TEXT.title.ms} / ${PAGE_TEXT.title.en}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/webchat/privacy.css">
</head>
<body>
<main class="notice">
<h1>Khidmat: ${PAGE_TEXT.title.ms} / <span lang="en">${PAGE_TEXT.title.en}</span></h1>
<p><a href="/">${PAGE_TEXT.back.ms}</a> · <a href="/" lang="en">${PAGE_TEXT.back.en}</a></p>
${sections}
</main>
</body>
</html>`;
}

function section(lang: Lang, dir: string, minutes: number): string {
  const file = join(dir, lang, 'privacy-notice.md');
  const other: Lang = lang === 'ms' ? 'en' : 'ms';
  const body = existsSync(file) ? markdownToHtml(stripFrontMatter(readFileSync(file, 'utf8'))) : `<h2>${PAGE_TEXT.title[lang]}</h2>\n<p>${escapeHtml(PAGE_TEXT.missing[lang])}</p>`;
  const extra = [
    `<h3>${escapeHtml(WEB_PAGE_SECTION.heading[lang])}</h3>`,
    ...WEB_PAGE_SECTION.paragraphs.map((text) => `<p>${escapeHtml(fill(text[lang], { minutes }))}</p>`),
  ].join('\n');
  return `<section id="${lang}" lang="${lang}" aria-labelledby="${lang}-title">
<p class="jump"><a href="#${other}">${PAGE_TEXT.jump[lang]}</a></p>
${body.replace('<h2>', `<h2 id="${lang}-title">`)}
${extra}
</section>`;
}

function stripFrontMatter(markdown: string): string {
  return markdown.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
}

/** Just what the notice uses: headings, paragraphs and bullet lists. Everything is escaped. */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(`<p>${escapeHtml(paragraph.join(' '))}</p>`);
    if (list.length) out.push(`<ul>\n${list.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`);
    paragraph = [];
    list = [];
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      // The page has its own structure: a file's "#" is a section (h2), "##" a sub-section (h3).
      const level = heading[1]!.length + 1;
      out.push(`<h${level}>${escapeHtml(heading[2]!)}</h${level}>`);
    } else if (/^[-*]\s+/.test(line)) {
      if (paragraph.length) flush();
      list.push(line.replace(/^[-*]\s+/, ''));
    } else {
      if (list.length) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out.join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
