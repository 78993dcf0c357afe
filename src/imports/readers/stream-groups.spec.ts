import { PassThrough, Readable } from 'node:stream';
import { streamGroups } from './stream-groups';

async function collect<T>(groups: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const group of groups) all.push(group);
  return all;
}

describe('streamGroups', () => {
  it('hands over every object in order, in groups of at most the size', async () => {
    const items = Array.from({ length: 2_345 }, (_, i) => ({ i }));
    const groups = await collect(streamGroups<{ i: number }>(Readable.from(items), 1000));
    expect(groups.flat()).toEqual(items);
    expect(groups.every((group) => group.length > 0 && group.length <= 1000)).toBe(true);
  });

  it('hands over what is ready instead of waiting for a full group', async () => {
    const stream = new PassThrough({ objectMode: true });
    const groups = streamGroups<number>(stream, 100);
    stream.write(1);
    stream.write(2);
    const first = await groups.next();
    expect(first.value).toEqual([1, 2]);
    stream.end(3);
    expect((await groups.next()).value).toEqual([3]);
    expect((await groups.next()).done).toBe(true);
  });

  it('ends at once for an empty stream', async () => {
    expect(await collect(streamGroups(Readable.from([]), 10))).toEqual([]);
  });

  it('hands over the objects read before an error, then throws it', async () => {
    const stream = new PassThrough({ objectMode: true });
    const groups = streamGroups<number>(stream, 100);
    stream.write(1);
    const seen: number[] = [];
    const reading = (async () => {
      for await (const group of groups) seen.push(...group);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error('broken'));
    await expect(reading).rejects.toThrow('broken');
    expect(seen).toEqual([1]);
  });
});
