import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../src/state/memoryStorage';
import { conversationStateKey, SafeBotState } from '../../src/state/safeBotState';
import { StaleWriteError } from '../../src/state/storageErrors';

const activity = { type: 'message', channelId: 'test', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' } } as Activity;
const turn = () => new TurnContext(new TestAdapter(), { ...activity });

function setUp() {
  const storage = new MemoryStorage();
  const write = vi.spyOn(storage, 'write');
  const state = new SafeBotState(storage, conversationStateKey);
  const data = state.createProperty<{ count?: number; nested?: { items: string[] } }>('data');
  return { storage, write, state, data };
}

describe('SafeBotState', () => {
  it('writes nothing for a turn that only reads', async () => {
    const { write, state, data } = setUp();
    const first = turn();
    (await data.get(first, {})).count = 1;
    await state.saveChanges(first);
    expect(write).toHaveBeenCalledTimes(1);

    const second = turn();
    expect((await data.get(second, {})).count).toBe(1);
    await state.saveChanges(second);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('notices a change deep inside the state, and writes it once however often it is saved', async () => {
    const { storage, write, state, data } = setUp();
    const first = turn();
    await data.set(first, { nested: { items: ['a'] } });
    await state.saveChanges(first);

    const second = turn();
    (await data.get(second, {})).nested!.items.push('b');
    await state.saveChanges(second);
    await state.saveChanges(second);
    expect(write).toHaveBeenCalledTimes(2);
    const stored = await storage.read([conversationStateKey(second)]);
    expect(stored[conversationStateKey(second)].data.nested.items).toEqual(['a', 'b']);
  });

  it('writes back with the eTag it read: a writer that got there first is not overwritten', async () => {
    const { state, data } = setUp();
    const create = turn();
    await data.set(create, { count: 1 });
    await state.saveChanges(create);

    const slow = turn();
    const fast = turn();
    (await data.get(slow, {})).count = 2;
    (await data.get(fast, {})).count = 3;
    await state.saveChanges(fast);
    await expect(state.saveChanges(slow)).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('creates an absent document create-only: of two first writers, the second fails', async () => {
    const { state, data } = setUp();
    const a = turn();
    const b = turn();
    await data.set(a, { count: 1 });
    await data.set(b, { count: 2 });
    await state.saveChanges(a);
    await expect(state.saveChanges(b)).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('can write again in the same turn after its own write (the new eTag is kept)', async () => {
    const { write, state, data } = setUp();
    const context = turn();
    await data.set(context, { count: 1 });
    await state.saveChanges(context);
    await data.set(context, { count: 2 });
    await state.saveChanges(context);
    expect(write).toHaveBeenCalledTimes(2);
    expect((await data.get(turn(), {})).count).toBe(2);
  });
});

describe("SafeBotState's property accessors", () => {
  it("get, set and delete a property as botbuilder's do: a default is copied into the document, never shared", async () => {
    const { state, data } = setUp();
    const context = turn();
    const fallback = { nested: { items: [] as string[] } };
    const first = await data.get(context, fallback);
    first.nested!.items.push('x');
    expect(fallback.nested.items).toEqual([]);
    expect(await data.get(context)).toBe(first);
    await data.set(context, { count: 2 });
    expect((await state.load(context)).data).toEqual({ count: 2 });
    await data.delete(context);
    expect(await data.get(context)).toBeUndefined();
    expect(Object.keys(await state.load(context))).not.toContain('data');
  });
});

describe('SafeBotState.loadAll', () => {
  it('loads the states of one storage in one read, and later reads in the turn come from it', async () => {
    const storage = new MemoryStorage();
    const conversation = new SafeBotState(storage, conversationStateKey);
    const user = new SafeBotState(storage, (context) => `test/users/${context.activity.from.id}/`);
    const seed = turn();
    await conversation.createProperty<number>('n').set(seed, 1);
    await user.createProperty<string>('lang').set(seed, 'ms');
    await conversation.saveChanges(seed);
    await user.saveChanges(seed);

    const read = vi.spyOn(storage, 'read');
    const context = turn();
    await SafeBotState.loadAll(context, [conversation, user]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0]![0]).toEqual(['test/conversations/c1/', 'test/users/u1/']);
    expect(await conversation.createProperty<number>('n').get(context)).toBe(1);
    expect(await user.createProperty<string>('lang').get(context)).toBe('ms');
    await SafeBotState.loadAll(context, [conversation, user]);
    expect(read).toHaveBeenCalledTimes(1);
  });
});

describe('SafeBotState.saveAll', () => {
  const twoStates = (storage: MemoryStorage) => ({
    conversation: new SafeBotState(storage, conversationStateKey),
    user: new SafeBotState(storage, (context) => `test/users/${context.activity.from.id}/`),
  });

  it('writes the changed documents of one storage in one write, and nothing when the turn changed nothing', async () => {
    const storage = new MemoryStorage();
    const { conversation, user } = twoStates(storage);
    const write = vi.spyOn(storage, 'write');
    const first = turn();
    await conversation.createProperty<number>('n').set(first, 1);
    await user.createProperty<string>('lang').set(first, 'ms');
    await SafeBotState.saveAll(first, [conversation, user]);
    expect(write).toHaveBeenCalledTimes(1);
    expect(Object.keys(write.mock.calls[0]![0])).toEqual(['test/conversations/c1/', 'test/users/u1/']);

    const second = turn();
    await SafeBotState.loadAll(second, [conversation, user]);
    await conversation.createProperty<number>('n').set(second, 2);
    await SafeBotState.saveAll(second, [conversation, user]);
    expect(write).toHaveBeenCalledTimes(2);
    expect(Object.keys(write.mock.calls[1]![0])).toEqual(['test/conversations/c1/']);

    const third = turn();
    await SafeBotState.loadAll(third, [conversation, user]);
    await SafeBotState.saveAll(third, [conversation, user]);
    expect(write).toHaveBeenCalledTimes(2);
    // The turn's writes kept their eTags: a later turn writes over them without a stale refusal.
    const fourth = turn();
    await user.createProperty<string>('lang').set(fourth, 'en');
    await SafeBotState.saveAll(fourth, [conversation, user]);
    expect((await storage.read(['test/users/u1/']))['test/users/u1/']).toMatchObject({ lang: 'en' });
  });

  it("hands the turn's lease to a storage that can release it with the write, and says so only when it did", async () => {
    const storage = Object.assign(new MemoryStorage(), { writeReleasing: vi.fn(async () => true) });
    const { conversation, user } = twoStates(storage);
    const released = vi.fn();
    const context = turn();
    SafeBotState.releaseAlong(context, { key: 'lock:test:c1', token: 't', released });
    await conversation.createProperty<number>('n').set(context, 1);
    await SafeBotState.saveAll(context, [conversation, user]);
    expect(storage.writeReleasing).toHaveBeenCalledTimes(1);
    expect(storage.writeReleasing.mock.calls[0]).toEqual([{ 'test/conversations/c1/': expect.objectContaining({ n: 1 }) }, expect.objectContaining({ key: 'lock:test:c1', token: 't' })]);
    expect(released).toHaveBeenCalledTimes(1);

    // A turn that changed nothing writes nothing and leaves the lease to its holder.
    const quiet = turn();
    const notReleased = vi.fn();
    SafeBotState.releaseAlong(quiet, { key: 'lock:test:c1', token: 'u', released: notReleased });
    await SafeBotState.loadAll(quiet, [conversation, user]);
    await SafeBotState.saveAll(quiet, [conversation, user]);
    expect(storage.writeReleasing).toHaveBeenCalledTimes(1);
    expect(notReleased).not.toHaveBeenCalled();

    // A storage that wrote but could not release (a Cluster) leaves it to the holder too.
    storage.writeReleasing.mockResolvedValueOnce(false);
    const clustered = turn();
    const leftToHolder = vi.fn();
    SafeBotState.releaseAlong(clustered, { key: 'lock:test:c1', token: 'v', released: leftToHolder });
    await conversation.createProperty<number>('n').set(clustered, 3);
    await SafeBotState.saveAll(clustered, [conversation, user]);
    expect(leftToHolder).not.toHaveBeenCalled();
  });
});
