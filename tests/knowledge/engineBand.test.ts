import { describe, expect, it } from 'vitest';
import { bandFirst, engineSizesNamed, holdsEngineSize, leadingBand } from '../../src/knowledge/answer/engineBand';

const section = (body: string, heading = 'Rates') => ({ heading, body });

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
    expect(leadingBand('- Up to 1,000 cc: RM20.00 a year.')).toEqual([0, 1000]);
    expect(leadingBand('- Hingga 1,000 cc: RM20.00 setahun.')).toEqual([0, 1000]);
    expect(leadingBand('- Above 800 cc: RM350.00.')).toEqual([801, Infinity]);
    expect(leadingBand('- Melebihi 3,000 cc: belum disahkan.')).toEqual([3001, Infinity]);
    // A heading names the vehicle first.
    expect(leadingBand('Motorcycles up to 150 cc')).toEqual([0, 150]);
    expect(leadingBand('Motosikal melebihi 150 cc di Semenanjung Malaysia')).toEqual([151, Infinity]);
    expect(leadingBand('Cars above 1,600 cc: base rate plus a rate per cc')).toEqual([1601, Infinity]);
    // A single size (a worked example) or a bound after a figure is not a band.
    expect(leadingBand('- 1332 cc: flat rate, RM70.00.')).toBeUndefined();
    expect(leadingBand('- RM200 + RM0.40 per cc above 1,600')).toBeUndefined();
  });

  it('finds a band holding the size, in either language, edges included', () => {
    expect(holdsEngineSize(section('- 1,401 hingga 1,600 cc: RM90.00 setahun.'), [1600])).toBe(true);
    expect(holdsEngineSize(section('- 1,401 to 1,600 cc: RM90.00 a year.'), [1401])).toBe(true);
    expect(holdsEngineSize(section('- 1,601 to 1,800 cc: RM200 + RM0.40 per cc above 1,600'), [1600])).toBe(false);
    // Open bands count where a list item or the heading starts with them, not inside a sentence.
    expect(holdsEngineSize(section('Above 1,600 cc you pay a base rate'), [1700])).toBe(false);
    expect(holdsEngineSize(section('- Up to 1,000 cc: RM20.00 a year.'), [900])).toBe(true);
    expect(holdsEngineSize(section('Sources disagree.', 'Motorcycles up to 150 cc'), [150])).toBe(true);
    expect(holdsEngineSize(section('- 151 to 200 cc: RM30.00.', 'Motorcycles above 150 cc'), [150])).toBe(false);
  });

  it('puts first the passage of the leading document whose band holds the size; otherwise leaves the order', () => {
    const passages = [
      { doc: 'rates', heading: 'Cars above 1,600 cc', body: '- 1,601 to 1,800 cc: RM200 + RM0.40 per cc above 1,600' },
      { doc: 'other', heading: 'Cars up to 1,600 cc', body: '- 1,401 to 1,600 cc: RM72.00 a year.' },
      { doc: 'rates', heading: 'Cars up to 1,600 cc', body: '- Up to 1,000 cc: RM20.00 a year.\n- 1,401 to 1,600 cc: RM90.00 a year.' },
    ];
    const order = (sizes: number[]) => bandFirst(passages, sizes, (p) => p.doc, (p) => p).map((p) => passages.indexOf(p));
    expect(order([1600])).toEqual([2, 0, 1]);
    expect(order([900])).toEqual([2, 0, 1]);
    expect(order([1700])).toEqual([0, 1, 2]);
    expect(order([])).toEqual([0, 1, 2]);
    // A leading section with no bands (worked examples, say) keeps its place.
    const examples = { doc: 'rates', heading: 'Worked examples', body: 'A 1997 cc car pays RM378.50.' };
    expect(bandFirst([examples, passages[2]!], [1997], (p) => p.doc, (p) => p)[0]).toBe(examples);
  });
});
