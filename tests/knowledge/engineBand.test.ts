import { describe, expect, it } from 'vitest';
import { bandFirst, bandFits, engineSizesNamed, holdsEngineSize, leadingBand, sectionNames, vehicleNamed } from '../../src/knowledge/answer/engineBand';

const section = (body: string, heading = 'Rates') => ({ heading, body });
/** Sizes asked by a question that names its vehicle (open bands count), or not. */
const asked = (cc: number[], openBands = true) => ({ cc, openBands });

describe('engine sizes and the bands that hold them', () => {
  it('reads the sizes a question names, not a bound it names', () => {
    expect(engineSizesNamed('berapa roadtax 1600cc')).toEqual([1600]);
    expect(engineSizesNamed('road tax for a 1,600 cc car, or 1997CC')).toEqual([1600, 1997]);
    expect(engineSizesNamed('cars above 1600cc')).toEqual([]);
    expect(engineSizesNamed('kereta melebihi 1,600 cc')).toEqual([]);
    for (const bound of ['1600cc ke atas', '1600cc and above', '1600cc+', '>1600cc', 'atas 1600cc', 'exceeds 1600cc', 'lebih drpd 1600cc', '1600cc or more']) {
      expect(engineSizesNamed(`roadtax kereta ${bound}`)).toEqual([]);
    }
    expect(engineSizesNamed('passport fee')).toEqual([]);
  });

  it('reads the band a heading or list item starts with, closed or open, in either language', () => {
    expect(leadingBand('- 1,401 hingga 1,600 cc: RM90.00 setahun.')).toEqual([1401, 1600]);
    expect(leadingBand('- Up to 1,000 cc: RM20.00 a year.')).toEqual([0, 1000, true]);
    expect(leadingBand('- Hingga 1,000 cc: RM20.00 setahun.')).toEqual([0, 1000, true]);
    expect(leadingBand('- Above 800 cc: RM350.00.')).toEqual([801, Infinity, true]);
    expect(leadingBand('- Melebihi 3,000 cc: belum disahkan.')).toEqual([3001, Infinity, true]);
    // A heading names the vehicle first.
    expect(leadingBand('Motorcycles up to 150 cc')).toEqual([0, 150, true]);
    expect(leadingBand('Motosikal melebihi 150 cc di Semenanjung Malaysia')).toEqual([151, Infinity, true]);
    expect(leadingBand('Cars above 1,600 cc: base rate plus a rate per cc')).toEqual([1601, Infinity, true]);
    // A single size (a worked example) or a bound after a figure is not a band.
    expect(leadingBand('- 1332 cc: flat rate, RM70.00.')).toBeUndefined();
    expect(leadingBand('- RM200 + RM0.40 per cc above 1,600')).toBeUndefined();
  });

  it('finds a band holding the size, in either language, edges included', () => {
    expect(holdsEngineSize(section('- 1,401 hingga 1,600 cc: RM90.00 setahun.'), asked([1600]))).toBe(true);
    expect(holdsEngineSize(section('- 1,401 to 1,600 cc: RM90.00 a year.'), asked([1401]))).toBe(true);
    expect(holdsEngineSize(section('- 1,601 to 1,800 cc: RM200 + RM0.40 per cc above 1,600'), asked([1600]))).toBe(false);
    // Open bands count where a list item or the heading starts with them, not inside a sentence.
    expect(holdsEngineSize(section('Above 1,600 cc you pay a base rate'), asked([1700]))).toBe(false);
    expect(holdsEngineSize(section('- Up to 1,000 cc: RM20.00 a year.'), asked([900]))).toBe(true);
    expect(holdsEngineSize(section('Sources disagree.', 'Motorcycles up to 150 cc'), asked([150]))).toBe(true);
    expect(holdsEngineSize(section('- 151 to 200 cc: RM30.00.', 'Motorcycles above 150 cc'), asked([150]))).toBe(false);
    // …and only when the question names the vehicle: the cars' "Up to 1,000 cc" holds a 110 cc motorcycle too.
    expect(holdsEngineSize(section('- Up to 1,000 cc: RM20.00 a year.'), asked([110], false))).toBe(false);
    expect(holdsEngineSize(section('- 1,401 to 1,600 cc: RM90.00 a year.'), asked([1500], false))).toBe(true);
  });

  it('tells a band for the size asked from one for another, and leaves an open band undecided when the vehicle is not named', () => {
    expect(bandFits([1401, 1600], asked([1500], false))).toBe(true);
    expect(bandFits([1601, 1800], asked([1500], false))).toBe(false);
    expect(bandFits([3001, Infinity, true], asked([1800], false))).toBe(false);
    expect(bandFits([0, 1000, true], asked([110], false))).toBeUndefined();
    expect(bandFits([0, 1000, true], asked([900]))).toBe(true);
  });

  it("names the one vehicle a question names, and tells a section's own vehicle from its document title's", () => {
    expect(vehicleNamed(['c_roadtax', 'c_motorcycle', '150', 'cc'])).toBe('c_motorcycle');
    expect(vehicleNamed(['c_roadtax', 'c_car', 'c_motorcycle'])).toBeUndefined();
    expect(vehicleNamed(['c_roadtax', '1600', 'cc'])).toBeUndefined();
    expect(sectionNames(section('12-month rates for private motorcycles:\n- 151 to 200 cc: RM30.00.', 'Motorcycles above 150 cc'), 'c_motorcycle')).toBe(true);
    expect(sectionNames(section('12-month rates for private motorcycles:\n- 151 to 200 cc: RM30.00.', 'Motorcycles above 150 cc'), 'c_car')).toBe(false);
    expect(sectionNames(section('- Hingga 1,000 cc: RM20.00 setahun.', 'Kereta hingga 1,600 cc'), 'c_car')).toBe(true);
    // A word that merely starts like one ("card") is not a car.
    expect(sectionNames(section('Carry a card or show the app.', 'Digital road tax'), 'c_car')).toBe(false);
  });

  it('puts first the passage of the leading document whose band holds the size; otherwise leaves the order', () => {
    const passages = [
      { doc: 'rates', heading: 'Cars above 1,600 cc', body: '- 1,601 to 1,800 cc: RM200 + RM0.40 per cc above 1,600' },
      { doc: 'other', heading: 'Cars up to 1,600 cc', body: '- 1,401 to 1,600 cc: RM72.00 a year.' },
      { doc: 'rates', heading: 'Cars up to 1,600 cc', body: '- Up to 1,000 cc: RM20.00 a year.\n- 1,401 to 1,600 cc: RM90.00 a year.' },
    ];
    const order = (cc: number[]) => bandFirst(passages, asked(cc), (p) => p.doc, (p) => p).map((p) => passages.indexOf(p));
    expect(order([1600])).toEqual([2, 0, 1]);
    expect(order([900])).toEqual([2, 0, 1]);
    expect(order([1700])).toEqual([0, 1, 2]);
    expect(order([])).toEqual([0, 1, 2]);
    // A leading section with no bands (worked examples, say) keeps its place.
    const examples = { doc: 'rates', heading: 'Worked examples', body: 'A 1997 cc car pays RM378.50.' };
    expect(bandFirst([examples, passages[2]!], asked([1997]), (p) => p.doc, (p) => p)[0]).toBe(examples);
  });
});
