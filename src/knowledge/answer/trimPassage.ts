import type { Chunk } from '../document';
import { analyze } from '../text/analyze';
import { bandFits, leadingBand, type SizesAsked } from './engineBand';

/** Sentences that carry a caveat are never cut away from the figure they qualify. */
export const UNCERTAINTY = /not confirmed|belum disahkan|disagree|tidak sepakat|proposal only|hanya cadangan/i;

interface Unit {
  line: number;
  text: string;
  bullet: boolean;
  lead: boolean;
}

function units(body: string): Unit[] {
  const out: Unit[] = [];
  body
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .forEach((line, index) => {
      if (/^[-*]\s+/.test(line)) {
        out.push({ line: index, text: line, bullet: true, lead: false });
        return;
      }
      const sentences = line.split(/(?<=[.!?])\s+(?=[A-Z("“])/);
      for (const sentence of sentences) out.push({ line: index, text: sentence, bullet: false, lead: sentence.endsWith(':') });
    });
  return out;
}

export interface TrimOptions {
  /** Sections up to this many characters are quoted whole. */
  wholeUpTo?: number;
  maxUnits?: number;
  /** Engine sizes the question names: a list item starting with a band is quoted only if its band holds one. */
  sizes?: SizesAsked;
}

/**
 * The part of a section that answers the question: whole when it is short, otherwise the
 * sentences or list items that carry the question's terms (weighted by rarity), with the line
 * that introduces a list and any caveat kept. The other language's version of the section helps
 * score when the question is in that language.
 */
export function trimPassage(
  chunk: Chunk,
  twin: Chunk | undefined,
  terms: readonly string[],
  weight: (term: string) => number,
  options: TrimOptions = {},
): string {
  const wholeUpTo = options.wholeUpTo ?? 120;
  const maxUnits = options.maxUnits ?? 3;
  // A short section, and a document's opening summary, are quoted whole: cutting them loses context.
  if (chunk.body.length <= wholeUpTo || chunk.heading === chunk.title) return chunk.body.trim();
  // Terms already answered by choosing this section (its title and heading) do not pick sentences.
  const framing = framingOf(chunk, twin);
  const specific = terms.filter((term) => !framing.has(term));
  const { units: mine, terms: mineTerms } = prepared(chunk);
  if (mine.length <= 2) return chunk.body.trim();
  const theirs = twin ? prepared(twin) : { units: [], terms: [] };
  const aligned = theirs.units.length === mine.length;
  const scores = mine.map((_unit, i) => {
    const own = score(mineTerms[i]!, specific, weight);
    return aligned ? Math.max(own, score(theirs.terms[i]!, specific, weight)) : own;
  });
  // A rate line is for the engine size asked when its band holds it, and for another car when its
  // band does not — even if it carries the same figure ("501 to 800 cc: RM250.00" for a 250 cc bike).
  const fits = options.sizes?.cc.length ? bandFit(mine, options.sizes) : [];
  const fitting = mine.flatMap((_unit, i) => (fits[i] === true ? [i] : []));
  let chosen = fitting;
  if (fitting.length === 0) {
    const best = Math.max(...scores.map((s, i) => (fits[i] === false ? 0 : s)));
    // Nothing more specific than the section itself was asked ("what can Khidmat do?"): quote it.
    if (best <= 0) return chunk.body.trim();
    chosen = scores
      .map((s, i) => ({ s, i }))
      .filter(({ s, i }) => s >= best * 0.6 && fits[i] !== false)
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, maxUnits)
      .map(({ i }) => i);
  }
  const keep = new Set(chosen);
  mine.forEach((unit, i) => {
    // A caveat stays with its figure; one on another car's band is not about this one.
    if (UNCERTAINTY.test(unit.text) && fits[i] !== false) keep.add(i);
  });
  // A chosen list item needs the sentence that introduces its list ("Counted from the date...:").
  for (const i of [...keep]) {
    if (!mine[i].bullet) continue;
    for (let j = i - 1; j >= 0; j -= 1) {
      if (!mine[j].bullet) {
        if (mine[j].lead) keep.add(j);
        break;
      }
    }
  }
  return render(mine.filter((_, i) => keep.has(i)));
}

/** Per unit: whether the band a list item starts with is for a size asked (see bandFits); undefined where it states none. */
function bandFit(units: readonly Unit[], asked: SizesAsked): Array<boolean | undefined> {
  return units.map((unit) => {
    const band = unit.bullet ? leadingBand(unit.text) : undefined;
    return band && bandFits(band, asked);
  });
}

/**
 * A section's sentences and their analysed terms, worked out once per section (documents do not
 * change while the process runs), not once per question.
 */
const preparedSections = new WeakMap<Chunk, { units: Unit[]; terms: ReadonlyArray<ReadonlySet<string>> }>();
function prepared(chunk: Chunk): { units: Unit[]; terms: ReadonlyArray<ReadonlySet<string>> } {
  let entry = preparedSections.get(chunk);
  if (!entry) {
    const list = units(chunk.body);
    entry = { units: list, terms: list.map((unit) => new Set(analyze(unit.text))) };
    preparedSections.set(chunk, entry);
  }
  return entry;
}

const framings = new WeakMap<Chunk, Map<Chunk | undefined, ReadonlySet<string>>>();
function framingOf(chunk: Chunk, twin: Chunk | undefined): ReadonlySet<string> {
  let byTwin = framings.get(chunk);
  if (!byTwin) framings.set(chunk, (byTwin = new Map()));
  let framing = byTwin.get(twin);
  if (!framing) {
    framing = new Set(analyze(`${chunk.title}\n${chunk.heading}\n${twin?.title ?? ''}\n${twin?.heading ?? ''}`));
    byTwin.set(twin, framing);
  }
  return framing;
}

function score(own: ReadonlySet<string>, terms: readonly string[], weight: (term: string) => number): number {
  let total = 0;
  for (const term of terms) {
    if (own.has(term)) total += weight(term);
  }
  return total;
}

function render(chosen: readonly Unit[]): string {
  const lines: string[] = [];
  let lastLine = -1;
  for (const unit of chosen) {
    if (unit.line === lastLine && !unit.bullet) lines[lines.length - 1] += ` ${unit.text}`;
    else lines.push(unit.text);
    lastLine = unit.line;
  }
  return lines.join('\n');
}
