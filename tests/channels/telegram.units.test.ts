import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';
import { plainTextOf } from '../../src/channels/shared/activityText';
import { ChoiceTokens } from '../../src/channels/shared/choiceTokens';
import { choicesOf } from '../../src/channels/shared/choices';
import { sameSecret } from '../../src/channels/shared/secrets';
import { splitText } from '../../src/channels/shared/splitText';
import { commandAsText } from '../../src/channels/telegram/inboundActivity';
import { inlineKeyboard, tappedButtonLabel } from '../../src/channels/telegram/inlineKeyboard';

describe('splitText', () => {
  it.each([
    ['short text stays whole', 'Salam!', 10, ['Salam!']],
    ['cuts at a paragraph', 'aaaa bbbb\n\ncccc', 12, ['aaaa bbbb', 'cccc']],
    ['cuts at a line', 'aaaa\nbbbb cccc', 12, ['aaaa\nbbbb', 'cccc']],
    ['cuts at a space', 'aaaa bbbb cccc', 10, ['aaaa bbbb', 'cccc']],
    ['cuts a long run hard', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['empty text gives nothing', '   ', 10, []],
  ])('%s', (_name, text, limit, expected) => {
    expect(splitText(text, limit)).toEqual(expected);
  });

  it('never cuts an emoji in half', () => {
    const pieces = splitText('abc😀def', 4);
    expect(pieces).toEqual(['abc', '😀de', 'f']);
  });

  it('keeps every word of a long reply, each piece within the limit', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `perkataan${i}`);
    const pieces = splitText(words.join(' '), 4096);
    expect(pieces.every((piece) => piece.length <= 4096)).toBe(true);
    expect(pieces.join(' ').split(' ')).toEqual(words);
  });
});

describe('choice tokens', () => {
  it('carries a short value inline and a long one through the store, within 64 bytes', async () => {
    const tokens = new ChoiceTokens(new MemoryKeyValueStore());
    expect(await tokens.encode('Ya', 64)).toBe('v:Ya');
    const long = 'Perbaharui lesen memandu kelas D untuk tempoh lima tahun — ya, teruskan';
    const token = await tokens.encode(long, 64);
    expect(token).toMatch(/^k:/);
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(64);
    expect(await tokens.decode(token)).toBe(long);
    expect(await tokens.decode('k:nosuchid')).toBeUndefined();
    expect(await tokens.decode('something else')).toBeUndefined();
  });

  it('counts bytes, not characters (Malay with symbols, emoji)', async () => {
    const tokens = new ChoiceTokens(new MemoryKeyValueStore());
    const value = '✅'.repeat(21); // 21 characters, 63 bytes
    expect(await tokens.encode(value, 64)).toMatch(/^k:/);
  });
});

describe('inline keyboard', () => {
  it('puts each choice on its own row and links as URL buttons; a tapped label can be read back', async () => {
    const tokens = new ChoiceTokens(new MemoryKeyValueStore());
    const { choices, links } = choicesOf({
      suggestedActions: {
        to: [],
        actions: [
          { type: 'imBack', title: 'Ya', value: 'Ya' },
          { type: 'openUrl', title: 'Notis privasi', value: 'https://khidmat.example.gov.my/privacy' },
          { type: 'call', title: 'Telefon', value: 'tel:123' },
        ],
      },
    });
    const keyboard = await inlineKeyboard(choices, links, tokens);
    expect(keyboard).toEqual({
      inline_keyboard: [[{ text: 'Ya', callback_data: 'v:Ya' }], [{ text: 'Notis privasi', url: 'https://khidmat.example.gov.my/privacy' }]],
    });
    expect(tappedButtonLabel(keyboard, 'v:Ya')).toBe('Ya');
    expect(await inlineKeyboard([], [], tokens)).toBeUndefined();
  });
});

describe('Telegram commands', () => {
  it.each([
    ['/start', undefined, 'ms', 'hai'],
    ['/start', 'en-GB', 'ms', 'hello'],
    ['/start', 'ms', 'en', 'hai'],
    ['/start', 'id', 'en', 'hello'],
    ['/start@KhidmatBot payload', 'en', 'ms', 'hello'],
    ['/menu', 'en', 'ms', 'menu'],
    ['/help', 'en', 'ms', 'help'],
    ['nak renew cukai jalan', 'ms', 'ms', 'nak renew cukai jalan'],
    ['1/2 tahun', 'ms', 'ms', '1/2 tahun'],
  ])('%s (app language %s, default %s) → %s', (text, languageCode, defaultLang, expected) => {
    expect(commandAsText(text, { id: 1, language_code: languageCode }, defaultLang as 'ms' | 'en')).toBe(expected);
  });
});

describe('plain text of a reply', () => {
  it('uses the text when there is one, and the words of a card otherwise', () => {
    expect(plainTextOf({ text: 'Resit: LKM-1', attachments: [{ contentType: 'x', content: { title: 'ignored' } }] })).toBe('Resit: LKM-1');
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Resit' }, { type: 'FactSet', facts: [{ title: 'Jumlah', value: 'RM90.00' }] }] },
    };
    expect(plainTextOf({ attachments: [card] })).toBe('Resit\nJumlah: RM90.00');
  });
});

describe('secret comparison', () => {
  it.each([
    ['the same secret', 'abc_123', true],
    ['a different one', 'abc_124', false],
    ['a prefix', 'abc', false],
    ['nothing', undefined, false],
  ])('%s', (_name, presented, expected) => {
    expect(sameSecret(presented, 'abc_123')).toBe(expected);
  });
});
