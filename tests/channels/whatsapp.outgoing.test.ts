import { createHmac } from 'node:crypto';
import { MessageFactory, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { withChoices } from '../../src/bot/replies';
import { ChoiceTokens } from '../../src/channels/shared/choiceTokens';
import { validHmacSignature } from '../../src/channels/shared/secrets';
import { saidText } from '../../src/channels/whatsapp/inboundActivity';
import { shorten, whatsappReply, WHATSAPP_LIMITS } from '../../src/channels/whatsapp/outgoingMessages';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';

const tokens = () => new ChoiceTokens(new MemoryKeyValueStore());
const TO = '60123456789';
const labels = (n: number, prefix = 'Pilihan') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

describe('a bot reply as WhatsApp messages', () => {
  it.each([
    ['no choices → text', withChoices('Salam', []), ['text'], undefined],
    ['2 short choices → reply buttons', withChoices('Teruskan?', ['Ya', 'Tidak']), ['interactive:button'], undefined],
    ['3 short choices → reply buttons', withChoices('Tempoh?', ['6 bulan', '12 bulan', 'Batal']), ['interactive:button'], undefined],
    ['a choice over 20 characters → list', withChoices('Tempoh?', ['6 bulan', 'Perbaharui lesen memandu']), ['interactive:list'], undefined],
    ['4 short choices → list', withChoices('Pilih', labels(4)), ['interactive:list'], undefined],
    ['10 choices → list', withChoices('Pilih', labels(10)), ['interactive:list'], undefined],
    ['11 choices → numbered text', withChoices('Pilih', labels(11)), ['text'], labels(11)],
    ['a label over 72 characters → numbered text', withChoices('Pilih', ['x'.repeat(73), 'Ya']), ['text'], ['x'.repeat(73), 'Ya']],
    ['two equal labels → numbered text', withChoices('Pilih', ['Ya', 'Ya']), ['text'], ['Ya', 'Ya']],
  ])('%s', async (_name, activity, kinds, numbered) => {
    const reply = await whatsappReply(activity as Partial<Activity>, TO, 'ms', tokens());
    expect(reply.messages.map((m) => (m.type === 'interactive' ? `interactive:${m.interactive.type}` : m.type))).toEqual(kinds);
    expect(reply.numbered).toEqual(numbered);
    expect(reply.messages.every((m) => m.to === TO && m.messaging_product === 'whatsapp')).toBe(true);
  });

  it('keeps every row title within 24 characters, showing a longer label whole as the description', async () => {
    const reply = await whatsappReply(withChoices('Pilih', ['Status permohonan pasport', 'Ya']) as Partial<Activity>, TO, 'en', tokens());
    const message = reply.messages[0];
    if (message.type !== 'interactive' || message.interactive.type !== 'list') throw new Error('expected a list');
    expect(message.interactive.action.button).toBe('Choose');
    const [row] = message.interactive.action.sections[0].rows;
    expect(row.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowTitle);
    expect(row.title).toBe('Status permohonan…');
    expect(row.description).toBe('Status permohonan pasport');
  });

  it('sends a text too long for an interactive body first, keeping the last part with the buttons, losing nothing', async () => {
    const sentences = Array.from({ length: 60 }, (_, i) => `Ayat ${i + 1} tentang yuran.`);
    const reply = await whatsappReply(withChoices(sentences.join(' '), ['Ya', 'Tidak']) as Partial<Activity>, TO, 'ms', tokens());
    const last = reply.messages.at(-1)!;
    if (last.type !== 'interactive') throw new Error('expected buttons last');
    expect(last.interactive.body.text.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.interactiveBody);
    const all = reply.messages.map((m) => (m.type === 'text' ? m.text.body : m.interactive.body.text)).join(' ');
    expect(all.split(' ')).toEqual(sentences.join(' ').split(' '));
  });

  it('gives buttons without text a short prompt in the citizen’s language, and writes links out', async () => {
    const reply = await whatsappReply(MessageFactory.suggestedActions(['Ya']), TO, 'en', tokens());
    expect(reply.messages[0]).toMatchObject({ type: 'interactive', interactive: { body: { text: 'Please choose:' } } });

    const withLink = MessageFactory.suggestedActions([{ type: 'openUrl', title: 'Bayar', value: 'https://pay.example/p/1' }], 'Sila bayar.');
    const linkReply = await whatsappReply(withLink, TO, 'ms', tokens());
    expect(linkReply.messages).toEqual([expect.objectContaining({ type: 'text', text: { body: 'Sila bayar.\n\nBayar: https://pay.example/p/1', preview_url: false } })]);
  });

  it.each([
    ['Status permohonan pasport', 24, 'Status permohonan…'],
    ['Supercalifragilisticexpialidocious', 24, 'Supercalifragilisticexp…'],
  ])('shortens "%s" to %i characters', (label, max, expected) => {
    expect(shorten(label, max)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(max);
  });
});

describe('what a tapped WhatsApp button or row says', () => {
  it('uses the choice behind the id, falling back to the row description when a shortened title is all that is left', async () => {
    const store = tokens();
    const id = await store.encode('Status permohonan pasport', 200);
    const tapped = (list_reply: { id: string; title: string; description?: string }) => ({ from: TO, id: 'wamid.1', type: 'interactive', interactive: { type: 'list_reply', list_reply } });
    expect(await saidText(tapped({ id, title: 'Status permohonan…' }), store)).toEqual({ text: 'Status permohonan pasport', typed: false });
    expect(await saidText(tapped({ id: 'k:expired', title: 'Status permohonan…', description: 'Status permohonan pasport' }), store)).toEqual({
      text: 'Status permohonan pasport',
      typed: false,
    });
    expect(await saidText({ from: TO, id: 'wamid.2', type: 'text', text: { body: 'hai' } }, store)).toEqual({ text: 'hai', typed: true });
    expect(await saidText({ from: TO, id: 'wamid.3', type: 'sticker' }, store)).toEqual({ text: '', typed: false });
  });
});

describe('X-Hub-Signature-256', () => {
  const body = '{"object":"whatsapp_business_account","entry":[]}';
  const good = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
  it.each([
    ['the right signature', good, true],
    ['upper-case hex', `sha256=${good.slice(7).toUpperCase()}`, true],
    ['another secret', `sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`, false],
    ['sha1 scheme', good.replace('sha256=', 'sha1='), false],
    ['truncated', good.slice(0, -2), false],
    ['missing', undefined, false],
  ])('%s', (_name, signature, expected) => {
    expect(validHmacSignature(body, signature, 's3cret')).toBe(expected);
  });
});
