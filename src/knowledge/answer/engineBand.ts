/**
 * A question that names an engine size ("berapa roadtax 1600cc") is about the section whose band
 * holds it ("1,401 to 1,600 cc: RM90.00"), not the one that names the same figure as its lower bound
 * ("Cars above 1,600 cc"), which matching words alone can rank first; and, within a rate table, about
 * the line of that band, not every line that happens to carry the figure ("501 to 800 cc: RM250.00"
 * for a 250 cc motorcycle). Bands as the rate tables write them, in both languages: "1,401 to
 * 1,600 cc", "1,401 hingga 1,600 cc", and open ones where a heading or a list item starts with them:
 * "Up to 1,000 cc", "Hingga 1,000 cc", "Motorcycles above 150 cc", "Melebihi 800 cc" — those only when
 * the question names the vehicle: the cars' "Up to 1,000 cc" holds a 110 cc motorcycle too.
 */
import { analyze } from '../text/analyze';

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)`;
// "above 1600cc", "1600cc ke atas", ">1600cc", "1600cc+" name a bound, not a car's size.
const SIZE_ASKED = new RegExp(
  String.raw`((?:\b(?:above|over|exceeds?|exceeding|more than|melebihi|atas|lebih(?: daripada| dari| drpd)?)\s+)|[>≥]\s*)?${NUMBER}\s*cc\b(\s*\+|\s+(?:and above|and over|or more|or above|above|ke atas|dan ke atas|keatas))?`,
  'gi',
);
const BAND = new RegExp(String.raw`${NUMBER}\s*(?:to|hingga|sehingga|-|–)\s*${NUMBER}\s*cc\b`, 'gi');
// An open band only where a heading or list item starts with it (after at most one word, the
// vehicle): elsewhere "above 1,600" is a sentence's bound ("RM0.40 per cc above 1,600"), not a band.
const OPEN_BAND = new RegExp(String.raw`^(?:\p{L}+\s+)?(up to|hingga|sehingga|above|over|melebihi)\s+${NUMBER}\s*cc\b`, 'iu');
const CLOSED_BAND = new RegExp(String.raw`^${BAND.source}`, 'i');
const LIST_ITEM = /^[-*]\s+/;

/** From, to (cc), and whether the table left it open ("Up to", "Above"). */
export type Band = readonly [from: number, to: number, open?: boolean];

/** The engine sizes (cc) a question names, and whether open bands may hold them (it names the vehicle). */
export interface SizesAsked {
  cc: readonly number[];
  openBands: boolean;
}

export const NO_SIZES: SizesAsked = { cc: [], openBands: false };

/** The analysed terms (see text/synonyms) for the kinds of vehicle the rate tables are written for. */
const VEHICLES = ['c_motorcycle', 'c_car'];

/** The one kind of vehicle a question's analysed terms name; none when they name none or both. */
export function vehicleNamed(terms: readonly string[]): string | undefined {
  const named = VEHICLES.filter((vehicle) => terms.includes(vehicle));
  return named.length === 1 ? named[0] : undefined;
}

const sectionTerms = new WeakMap<object, ReadonlySet<string>>();
/**
 * Whether a section's own heading and text name `vehicle` (an analysed term, see VEHICLES) — not its
 * document's title: "Road tax for motorcycles, SUVs, company cars…" heads the motorcycles' table too.
 */
export function sectionNames(section: { heading: string; body: string }, vehicle: string): boolean {
  let terms = sectionTerms.get(section);
  if (!terms) sectionTerms.set(section, (terms = new Set(analyze(`${section.heading}\n${section.body}`))));
  return terms.has(vehicle);
}

const figure = (text: string) => Number(text.replace(/,/g, ''));

/** The engine sizes (cc) a question names. */
export function engineSizesNamed(question: string): number[] {
  return [...question.matchAll(SIZE_ASKED)].filter((match) => !match[1] && !match[3]).map((match) => figure(match[2]!)).filter((cc) => cc > 0);
}

/** The band a heading or a list item starts with, if any. */
export function leadingBand(line: string): Band | undefined {
  const text = line.trim().replace(LIST_ITEM, '');
  const closed = CLOSED_BAND.exec(text);
  if (closed) return [figure(closed[1]!), figure(closed[2]!)];
  const open = OPEN_BAND.exec(text);
  if (!open) return undefined;
  const bound = figure(open[2]!);
  return /^(up to|hingga|sehingga)$/i.test(open[1]!) ? [0, bound, true] : [bound + 1, Infinity, true];
}

/** The bands a section states: its heading's, its list items', and any "A to B cc" in its text. */
function sectionBands(heading: string, body: string): Band[] {
  const bands: Band[] = [...body.matchAll(BAND)].map((band) => [figure(band[1]!), figure(band[2]!)] as const);
  for (const line of [heading, ...body.split('\n').filter((text) => LIST_ITEM.test(text.trim()))]) {
    const band = leadingBand(line);
    if (band) bands.push(band);
  }
  return bands;
}

/**
 * Whether `band` is for a size asked: true when it holds one, false when it holds none, undefined
 * for an open band that holds one when the question did not name the vehicle (it may be another
 * vehicle's table: neither the line to quote nor one to leave out).
 */
export function bandFits([from, to, open]: Band, asked: SizesAsked): boolean | undefined {
  if (!asked.cc.some((cc) => from <= cc && cc <= to)) return false;
  return open && !asked.openBands ? undefined : true;
}

const holds = (bands: readonly Band[], asked: SizesAsked) => bands.some((band) => bandFits(band, asked) === true);

/** Whether a section states a band that holds one of the sizes asked. */
export function holdsEngineSize(section: { heading: string; body: string }, asked: SizesAsked): boolean {
  return holds(sectionBands(section.heading, section.body), asked);
}

/**
 * `passages` with, first, the best-ranked one of the leading passage's document whose band holds
 * an engine size the question names — when the leading one states bands and none holds it
 * (a section without bands, worked examples say, is left to lead).
 */
export function bandFirst<P>(
  passages: readonly P[],
  asked: SizesAsked,
  documentOf: (passage: P) => string,
  sectionOf: (passage: P) => { heading: string; body: string } | undefined,
): P[] {
  const top = passages[0];
  const topSection = top === undefined ? undefined : sectionOf(top);
  if (asked.cc.length === 0 || !topSection) return [...passages];
  const topBands = sectionBands(topSection.heading, topSection.body);
  if (topBands.length === 0 || holds(topBands, asked)) return [...passages];
  const document = documentOf(top!);
  const holding = passages.findIndex((passage, i) => {
    const section = i > 0 && documentOf(passage) === document ? sectionOf(passage) : undefined;
    return section !== undefined && holdsEngineSize(section, asked);
  });
  return holding > 0 ? [passages[holding]!, ...passages.filter((_, i) => i !== holding)] : [...passages];
}
