import { describe, expect, it } from 'vitest';
import { jsonToWrite, noteReadJson, noteWriteJson, readJsonOf } from '../../src/state/documentJson';

describe('documentJson (a state document’s JSON, computed once)', () => {
  it('gives the JSON a storage read a document from once, then nothing', () => {
    const document = { conversation: { lang: 'ms' }, eTag: 'e1' };
    noteReadJson(document, '{"conversation":{"lang":"ms"}}');
    expect(readJsonOf(document)).toBe('{"conversation":{"lang":"ms"}}');
    expect(readJsonOf(document)).toBeUndefined();
  });

  it('stores the JSON the writer computed, once; otherwise the content without its eTag', () => {
    const document = { profile: { lang: 'en' }, eTag: '<create-only>' };
    noteWriteJson(document, '{"profile":{"lang":"en"}}');
    expect(jsonToWrite(document)).toBe('{"profile":{"lang":"en"}}');
    // Written again later (changed since): computed afresh, never the old note.
    document.profile.lang = 'ms';
    expect(jsonToWrite(document)).toBe('{"profile":{"lang":"ms"}}');
  });

  it('a read note never becomes a write note (a document read, changed and written is stored as it is now)', () => {
    const document = { n: 1, eTag: 'e1' };
    noteReadJson(document, '{"n":1}');
    document.n = 2;
    expect(jsonToWrite(document)).toBe('{"n":2}');
  });
});
