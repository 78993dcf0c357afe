import type { Readable } from 'node:stream';

/**
 * The objects of an object-mode stream in groups of up to `size`: one await per group instead of
 * one per object (a stream's own async iterator costs a promise per row). A shorter group is
 * handed over whenever the stream has nothing ready, so rows never wait for input to arrive.
 */
export async function* streamGroups<T>(stream: Readable, size: number): AsyncGenerator<T[]> {
  let wake: (() => void) | null = null;
  // Set by the listeners (an object: TypeScript would narrow plain variables to their start values).
  const state: { failure: Error | null; ended: boolean } = { failure: null, ended: false };
  const onReadable = (): void => wake?.();
  const onEnd = (): void => {
    state.ended = true;
    wake?.();
  };
  const onError = (error: Error): void => {
    state.failure ??= error;
    wake?.();
  };
  stream.on('readable', onReadable);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onReadable);
  try {
    let group: T[] = [];
    for (;;) {
      const item = stream.destroyed ? null : (stream.read() as T | null);
      if (item !== null) {
        group.push(item);
        if (group.length >= size) {
          yield group;
          group = [];
        }
        continue;
      }
      if (group.length > 0) {
        yield group;
        group = [];
        continue;
      }
      if (state.failure !== null) throw state.failure;
      if (state.ended || stream.destroyed) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    stream.off('readable', onReadable);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onReadable);
  }
}
