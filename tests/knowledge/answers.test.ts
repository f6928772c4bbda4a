import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createKnowledge, SERVICE_OFFERS, type Knowledge } from '../../src/knowledge';
import { run } from '../../src/knowledge/askCommand';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await createKnowledge();
});

describe('offline answers', () => {
  it('answers a Malay question in Malay, trimmed to the asked figure, with the source and the fee note', async () => {
    const result = await knowledge.ask('brp roadtax kete 1997cc kat semenanjung?');
    expect(result).toMatchObject({ lang: 'ms', grounded: true, service: 'jpj.roadtax.renew' });
    expect(result.answer).toContain('RM378.50');
    expect(result.answer).not.toContain('RM200.40'); // another example of the same section, not asked
    expect(result.answer).toContain('Sumber: Kadar cukai jalan kereta saloon persendirian di Semenanjung Malaysia');
    expect(result.answer).toContain('sila semak laman rasmi untuk kadar semasa');
    expect(result.sources).toEqual([
      { id: 'roadtax-rates-peninsular', title: 'Kadar cukai jalan kereta saloon persendirian di Semenanjung Malaysia', url: 'http://ahmadalqadah.blogspot.com/2011_05_29_archive.html' },
    ]);
  });

  it.each([
    ['en', 'how much is road tax for a 1800cc car', 'RM280.00', 'Peninsular Malaysia'],
    ['ms', 'berapa harga roadtax 1800cc', 'RM280.00', 'Semenanjung Malaysia'],
    ['en', 'road tax 1800cc in Sabah', 'RM224.00', 'Sabah and Sarawak'],
    ['ms', 'berapa roadtax kereta 1800cc di Sarawak', 'RM224.00', 'Sabah dan Sarawak'],
    ['en', 'road tax 1800cc borneo', 'RM224.00', 'Sabah and Sarawak'],
    ['ms', 'roadtax 1800cc malaysia timur', 'RM224.00', 'Sabah dan Sarawak'],
  ])('[%s] a rate question naming no region gets the Peninsular rate, one naming Sabah or Sarawak theirs: "%s"', async (lang, question, fee, region) => {
    const result = await knowledge.ask(question, { lang: lang as 'ms' | 'en' });
    expect(result.grounded).toBe(true);
    expect(result.answer).toContain(fee);
    expect(result.sources[0]!.title).toContain(region);
  });

  it.each([
    ['ms', 'berapa harga roadtax 1600cc', 'RM90.00', '1,401 hingga 1,600 cc'],
    ['en', 'road tax for a 1,600 cc car', 'RM90.00', '1,401 to 1,600 cc'],
    ['en', 'road tax 1600cc sabah', 'RM72.00', '1,401 to 1,600 cc'],
  ])('[%s] an engine size on a band\'s edge gets the band that holds it, not the section starting above it: "%s"', async (lang, question, fee, band) => {
    const result = await knowledge.ask(question, { lang: lang as 'ms' | 'en' });
    expect(result.answer).toContain(`${band}: ${fee}`);
    // "Cars above 1,600 cc" starts at 1,601: its first band's base rate is not this car's.
    expect(result.answer.split('\n\n')[0]).not.toMatch(/RM(200|160) \+/);
  });

  it.each([
    ['en', 'road tax motorcycle 250cc', '201 to 250 cc: RM50.00', /RM250\.00|RM30\.00/],
    ['ms', 'roadtax motosikal 200cc', '151 hingga 200 cc: RM30.00', /RM50\.00|RM250\.00/],
    ['en', 'roadtax motorcycle 900cc', 'Above 800 cc: RM350.00', /RM250\.00/],
    ['ms', 'roadtax kereta 900cc', 'Hingga 1,000 cc: RM20.00', /RM(55|200|160)/],
    ['en', 'road tax 1,500 cc car', '1,401 to 1,600 cc: RM90.00', /RM(20|55|70)\.00/],
    ['ms', 'berapa harga roadtax 1800cc', '1,601 hingga 1,800 cc: RM200 + RM0.40', /1,801 hingga 2,000|RM2,130/],
    // The cars' table holds "Up to 1,000 cc" word for word; the motorcycles' is the one asked for.
    ['ms', 'roadtax motosikal 1000cc', 'Melebihi 800 cc: RM350.00', /RM20\.00|Kereta hingga/],
    ['en', 'road tax for a 1000cc car', 'Up to 1,000 cc: RM20.00', /RM350\.00|Motorcycles/],
    // The motorcycles' document is titled "…company cars and electric cars": its tables are still not a car's.
    ['ms', 'roadtax kereta 850cc', 'Hingga 1,000 cc: RM20.00', /RM350\.00|RM250\.00|Motosikal/],
    ['en', 'road tax car 1300cc', '1,201 to 1,400 cc: RM70.00', /RM350\.00|RM180\.00|Motorcycles/],
  ])('[%s] a rate table is quoted at the line whose band holds the engine size asked, open bands included: "%s"', async (lang, question, line, others) => {
    const result = await knowledge.ask(question, { lang: lang as 'ms' | 'en' });
    expect(result.grounded).toBe(true);
    expect(result.answer).toContain(line);
    // Not the other bands' lines, even one carrying the same figure ("501 to 800 cc: RM250.00"), nor another band's caveat.
    expect(result.answer).not.toMatch(others);
  });

  it.each([
    ['ms', 'berapa roadtax motosikal 150cc', 'Motosikal hingga 150 cc', 'belum disahkan'],
    ['en', 'roadtax motorcycle 150cc', 'Motorcycles up to 150 cc', 'not confirmed'],
  ])('[%s] a motorcycle of 150 cc is not quoted the rates above 150 cc, but told its rate is not confirmed: "%s"', async (lang, question, heading, caveat) => {
    const result = await knowledge.ask(question, { lang: lang as 'ms' | 'en' });
    expect(result.answer).toContain(heading);
    expect(result.answer).toContain(caveat);
    expect(result.answer).not.toMatch(/RM30\.00|RM50\.00/);
  });

  it("a small engine size with no vehicle named is not pinned to the cars' open band \"Up to 1,000 cc\"", async () => {
    for (const question of ['roadtax 110cc', 'berapa roadtax 125cc']) {
      const result = await knowledge.ask(question);
      expect(result.answer).not.toMatch(/^(Road tax rates|Kadar cukai jalan)[^\n]*\n- (Up to|Hingga) 1,000 cc: RM20\.00[^\n]*\n\n/);
    }
  });

  it('a question about cars above 1,600 cc still gets the per-cc section', async () => {
    const result = await knowledge.ask('How is road tax calculated for cars above 1600cc?', { lang: 'en' });
    expect(result.answer).toContain('per cc above 1,600');
  });

  it('answers the same question in English from the English document', async () => {
    const result = await knowledge.ask('How much is road tax for a 1997cc car in Peninsular Malaysia?');
    expect(result).toMatchObject({ lang: 'en', grounded: true });
    expect(result.answer).toContain('RM378.50');
    expect(result.answer).toContain('Source: Road tax rates for private saloon cars in Peninsular Malaysia');
    expect(result.answer).toContain('check the official page for the current rate');
  });

  it('says which region a rate is for before quoting it, the Peninsula first when the question named none', async () => {
    const result = await knowledge.ask('berapa harga roadtax 1800cc');
    const [firstLine] = result.answer.split('\n');
    // The quoted section ("cars over 1,600 cc") is headed by its document's title: the region.
    expect(firstLine).toMatch(/^Kadar cukai jalan kereta saloon persendirian di Semenanjung Malaysia — Kereta melebihi 1,600 cc/);
    expect(result.answer).toMatch(/Sabah dan Sarawak — Kereta melebihi 1,600 cc/);
  });

  it('quotes both regions when the question names none, and only the one it names', async () => {
    const open = await knowledge.ask('berapa harga roadtax 1800cc');
    expect(open.sources.map((source) => source.id).sort()).toEqual(['roadtax-rates-peninsular', 'roadtax-rates-sabah-sarawak']);
    expect(open.answer).toContain('RM280.00'); // the Peninsula's 1800 cc
    expect(open.answer).toContain('RM224.00'); // Sabah and Sarawak's
    expect(open.answer).toMatch(/Semenanjung Malaysia — Kereta melebihi 1,600 cc/);
    const named = await knowledge.ask('road tax for a 2000cc car in sabah');
    expect(named.sources.map((source) => source.id)).toEqual(['roadtax-rates-sabah-sarawak']);
    expect(named.answer).not.toContain('RM380.00');
  });

  it('answers in the conversation language when the caller gives one', async () => {
    const result = await knowledge.ask('pasport warga emas berapa?', { lang: 'en' });
    expect(result.lang).toBe('en');
    expect(result.answer).toMatch(/Senior citizen aged 60 and over: RM100/);
  });

  it('quotes a section, not the whole document', async () => {
    const result = await knowledge.ask('How much is the passport for a senior citizen?');
    expect(result.answer).toContain('RM100');
    expect(result.answer).not.toContain('postal order'); // another section of the same document
  });

  it('keeps the "not confirmed" caveat with an unverified figure', async () => {
    const result = await knowledge.ask('road tax rate per cc above 3000cc in peninsular?');
    expect(result.answer).toMatch(/not confirmed/i);
    const malay = await knowledge.ask('pasport 10 tahun dah ada ke? brp harga?');
    expect(malay.answer).toMatch(/belum disahkan/i);
  });

  it('names the service the answer is about so the bot can offer to start it', async () => {
    const result = await knowledge.ask('Can I renew my passport online?');
    expect(result.service).toBe('jim.passport.renew');
    expect(SERVICE_OFFERS[result.service!].en).toMatch(/renew your passport/);
  });
});

describe('"I don\'t know" — declining what the knowledge base does not cover', () => {
  it.each([
    ['How do I withdraw money from my EPF account?', 'en', /www\.malaysia\.gov\.my/],
    ['bila tarikh akhir isi borang e-filing cukai pendapatan?', 'ms', /www\.malaysia\.gov\.my/],
    ['What is the weather in Kuala Lumpur tomorrow?', 'en', /don't have that information/],
    ['berapa harga emas hari ini?', 'ms', /tiada maklumat itu/],
  ] as const)('declines "%s" in its language with an official contact', async (question, lang, contact) => {
    const result = await knowledge.ask(question);
    expect(result).toMatchObject({ lang, grounded: false, sources: [] });
    expect(result.answer).toMatch(contact);
    expect(result.service).toBeUndefined();
  });

  it('points a road-transport question it cannot answer to JPJ, and an immigration one to JIM', async () => {
    const jpj = await knowledge.ask('Where is the nearest JPJ office to Bangsar?');
    const jim = await knowledge.ask('How do I extend my social visit pass at the Immigration office?');
    expect(jpj.grounded).toBe(false);
    expect(jpj.answer).toContain('www.jpj.gov.my');
    expect(jim.grounded).toBe(false);
    expect(jim.answer).toContain('www.imi.gov.my');
  });
});

describe('npx khidmat ask', () => {
  it('reads questions one per line and writes one JSON object per line, skipping blank lines', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stdin.end('brp roadtax kete 1997cc kat semenanjung?\n\nHow do I withdraw my EPF?\n');
    await run([], { stdin, stdout, options: {} });
    const lines = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(['question', 'lang', 'answer', 'grounded', 'sources']);
    expect(lines[0]).toMatchObject({ question: 'brp roadtax kete 1997cc kat semenanjung?', lang: 'ms', grounded: true, sources: [{ id: 'roadtax-rates-peninsular' }] });
    expect(lines[1]).toMatchObject({ lang: 'en', grounded: false, sources: [] });
  });

  it('prints usage with --help', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await run(['--help'], { stdin: new PassThrough(), stdout });
    expect(out).toContain('one JSON object per line');
  });
});

describe('remembered readings (offline)', () => {
  it('reads a question once: the same words again, in any case or spacing, get the same answer without a second search', async () => {
    const fresh = await createKnowledge();
    const search = vi.spyOn(fresh.base.lexical, 'query');
    const first = await fresh.ask('Berapa harga roadtax kereta 1800cc?');
    const again = await fresh.ask('  berapa HARGA   roadtax kereta 1800cc? ');
    expect(search).toHaveBeenCalledTimes(1);
    expect(again.answer).toBe(first.answer);
    expect(again.question).toBe('  berapa HARGA   roadtax kereta 1800cc? ');
    await fresh.ask('Berapa harga roadtax kereta 1800cc?', { lang: 'en' });
    expect(search).toHaveBeenCalledTimes(2); // another language is another reading
  });

  it('a caller changing its answer does not change what the next citizen is told', async () => {
    const fresh = await createKnowledge();
    const first = await fresh.ask('passport fee for seniors');
    const original = JSON.stringify(first.sources);
    first.sources[0].title = 'tampered';
    first.sources.push({ id: 'x', title: 'x', url: 'x' });
    expect(JSON.stringify((await fresh.ask('passport fee for seniors')).sources)).toBe(original);
  });

  it('remembers declines too, still naming what was not understood', async () => {
    const fresh = await createKnowledge();
    const first = await fresh.ask('how do I register a fishing boat');
    expect(first.grounded).toBe(false);
    expect((await fresh.ask('how do I register a fishing boat')).answer).toBe(first.answer);
  });
});

describe('remembered readings and personal data', () => {
  it('does not remember a question that carries a MyKad or a phone number', async () => {
    const fresh = await createKnowledge();
    const search = vi.spyOn(fresh.base.lexical, 'query');
    for (let i = 0; i < 2; i += 1) await fresh.ask('berapa roadtax saya, ic 850412-10-5566');
    for (let i = 0; i < 2; i += 1) await fresh.ask('passport fee, call me at 012-345 6789');
    expect(search).toHaveBeenCalledTimes(4);
  });
});
