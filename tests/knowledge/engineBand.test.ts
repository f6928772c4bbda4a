import { describe, expect, it } from 'vitest';
import { bandFirst, engineSizesNamed, holdsEngineSize } from '../../src/knowledge/answer/engineBand';

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

  it('finds a band holding the size, in either language, edges included', () => {
    expect(holdsEngineSize('- 1,401 hingga 1,600 cc: RM90.00 setahun.', [1600])).toBe(true);
    expect(holdsEngineSize('- 1,401 to 1,600 cc: RM90.00 a year.', [1401])).toBe(true);
    expect(holdsEngineSize('- 1,601 to 1,800 cc: RM200 + RM0.40 per cc above 1,600', [1600])).toBe(false);
    expect(holdsEngineSize('Above 1,600 cc you pay a base rate', [1700])).toBe(false);
  });

  it('puts first the passage of the leading document whose band holds the size; otherwise leaves the order', () => {
    const passages = [
      { doc: 'rates', body: '- 1,601 to 1,800 cc: RM200 + RM0.40 per cc above 1,600' },
      { doc: 'other', body: '- 1,401 to 1,600 cc: RM72.00 a year.' },
      { doc: 'rates', body: '- 1,401 to 1,600 cc: RM90.00 a year.' },
    ];
    const order = (question: string) => bandFirst(passages, question, (p) => p.doc, (p) => p.body).map((p) => passages.indexOf(p));
    expect(order('road tax 1600cc')).toEqual([2, 0, 1]);
    expect(order('road tax 1700cc')).toEqual([0, 1, 2]);
    expect(order('road tax')).toEqual([0, 1, 2]);
    // A leading section with no bands (worked examples, say) keeps its place.
    expect(bandFirst([{ doc: 'rates', body: 'A 1997 cc car pays RM378.50.' }, passages[2]!], 'road tax 1997cc', (p) => p.doc, (p) => p.body)[0]!.body).toContain('378.50');
  });
});
