/**
 * A question that names an engine size ("berapa roadtax 1600cc") is about the section whose band
 * holds it ("1,401 to 1,600 cc: RM90.00"), not the one that names the same figure as its lower bound
 * ("Cars above 1,600 cc"), which matching words alone can rank first. Bands as the rate tables
 * write them, in both languages: "1,401 to 1,600 cc", "1,401 hingga 1,600 cc".
 */

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)`;
// "above 1600cc", "1600cc ke atas", ">1600cc", "1600cc+" name a bound, not a car's size.
const SIZE_ASKED = new RegExp(
  String.raw`((?:\b(?:above|over|exceeds?|exceeding|more than|melebihi|atas|lebih(?: daripada| dari| drpd)?)\s+)|[>≥]\s*)?${NUMBER}\s*cc\b(\s*\+|\s+(?:and above|and over|or more|or above|above|ke atas|dan ke atas|keatas))?`,
  'gi',
);
const BAND = new RegExp(String.raw`${NUMBER}\s*(?:to|hingga|sehingga|-|–)\s*${NUMBER}\s*cc\b`, 'gi');

const figure = (text: string) => Number(text.replace(/,/g, ''));

/** The engine sizes (cc) a question names. */
export function engineSizesNamed(question: string): number[] {
  return [...question.matchAll(SIZE_ASKED)].filter((match) => !match[1] && !match[3]).map((match) => figure(match[2]!)).filter((cc) => cc > 0);
}

/** The bands a section states, as [from, to] cc. */
function bandsIn(body: string): Array<[number, number]> {
  return [...body.matchAll(BAND)].map((band) => [figure(band[1]!), figure(band[2]!)]);
}

const holds = (bands: ReadonlyArray<[number, number]>, sizes: readonly number[]) => bands.some(([from, to]) => sizes.some((cc) => from <= cc && cc <= to));

/** Whether a section states a band that holds one of `sizes`. */
export function holdsEngineSize(body: string, sizes: readonly number[]): boolean {
  return holds(bandsIn(body), sizes);
}

/**
 * `passages` with, first, the best-ranked one of the leading passage's document whose band holds
 * an engine size the question names — when the leading one states bands and none holds it (a
 * section without bands, worked examples say, is left to lead).
 */
export function bandFirst<P>(passages: readonly P[], question: string, documentOf: (passage: P) => string, bodyOf: (passage: P) => string | undefined): P[] {
  const sizes = engineSizesNamed(question);
  const top = passages[0];
  if (sizes.length === 0 || top === undefined) return [...passages];
  const topBands = bandsIn(bodyOf(top) ?? '');
  if (topBands.length === 0 || holds(topBands, sizes)) return [...passages];
  const document = documentOf(top);
  const holding = passages.findIndex((passage, i) => i > 0 && documentOf(passage) === document && holdsEngineSize(bodyOf(passage) ?? '', sizes));
  return holding > 0 ? [passages[holding]!, ...passages.filter((_, i) => i !== holding)] : [...passages];
}
