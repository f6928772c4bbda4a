import { describe, expect, it } from 'vitest';
import { HeldMessages } from '../../src/channels/whatsapp/heldMessages';
import { MemoryKeyValueStore } from '../../src/state/memoryKeyValueStore';

const text = (to: string, body: string) => ({ messaging_product: 'whatsapp' as const, recipient_type: 'individual' as const, to, type: 'text' as const, text: { body, preview_url: false } });

describe('HeldMessages: messages sent and remembered in case Meta refuses them later', () => {
  it('remembers a sent message by its id, without the number; forgetting it once kept', async () => {
    const kv = new MemoryKeyValueStore();
    const held = new HeldMessages(kv);
    await held.rememberSent('60131234567', 'wamid.A', 'en', { messages: [text('60131234567', 'Your passport is ready.')], numbered: ['a', 'b'] });
    const sent = await held.sentMessage('60131234567', 'wamid.A');
    expect(sent).toEqual({ lang: 'en', reply: { messages: [{ messaging_product: 'whatsapp', recipient_type: 'individual', type: 'text', text: { body: 'Your passport is ready.', preview_url: false } }], numbered: ['a', 'b'] } });
    // Another citizen's message of the same id is not theirs.
    expect(await held.sentMessage('60139999999', 'wamid.A')).toBeUndefined();
    await held.forgetSent('60131234567', 'wamid.A');
    expect(await held.sentMessage('60131234567', 'wamid.A')).toBeUndefined();
    await kv.close();
  });

  it('"delete my data" (forget) drops what is kept and what is remembered of the sent messages, and only the citizen\'s', async () => {
    const kv = new MemoryKeyValueStore();
    const held = new HeldMessages(kv);
    await held.add('60131234567', 'ms', [{ messages: [text('60131234567', 'Mesej disimpan.')] }]);
    await held.rememberSent('60131234567', 'wamid.A', 'ms', { messages: [text('60131234567', 'Mesej dihantar.')] });
    await held.rememberSent('60131234567', 'wamid.B', 'ms', { messages: [text('60131234567', 'Mesej kedua.')] });
    await held.rememberSent('60139999999', 'wamid.C', 'ms', { messages: [text('60139999999', 'Orang lain.')] });
    await held.forget('60131234567');
    expect(await held.peek('60131234567')).toBeUndefined();
    expect(await held.sentMessage('60131234567', 'wamid.A')).toBeUndefined();
    expect(await held.sentMessage('60131234567', 'wamid.B')).toBeUndefined();
    expect(await held.sentMessage('60139999999', 'wamid.C')).toBeDefined();
    await kv.close();
  });

  it('keeps no number in a key: not the citizen\'s, nor the one inside a wamid', async () => {
    const kv = new MemoryKeyValueStore();
    const held = new HeldMessages(kv);
    // A wamid as Meta makes them: base64 of a record that holds the recipient's number.
    const wamid = `wamid.${Buffer.from('\x1c\x18\x0b60131234567\x15\x02\x00\x11\x18\x12ABCDEF').toString('base64')}`;
    await held.rememberSent('60131234567', wamid, 'ms', { messages: [text('60131234567', 'Mesej.')] });
    await held.add('60131234567', 'ms', [{ messages: [text('60131234567', 'Disimpan.')] }]);
    const keys = await kv.keys('whatsapp:');
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toContain('60131234567');
      expect(key).not.toContain(wamid.slice('wamid.'.length, 'wamid.'.length + 12));
    }
    expect(await held.sentMessage('60131234567', wamid)).toBeDefined();
    await kv.close();
  });
});
