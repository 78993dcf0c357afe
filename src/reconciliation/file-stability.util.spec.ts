import { isFileSettled } from './file-stability.util';

describe('isFileSettled', () => {
  it.each([
    ['unchanged', { size: 120, mtimeMs: 5 }, { size: 120, mtimeMs: 5 }, true],
    ['grown', { size: 120, mtimeMs: 5 }, { size: 180, mtimeMs: 6 }, false],
    ['rewritten in place, same size', { size: 120, mtimeMs: 5 }, { size: 120, mtimeMs: 9 }, false],
    [
      'still empty (created, nothing written yet)',
      { size: 0, mtimeMs: 5 },
      { size: 0, mtimeMs: 5 },
      false,
    ],
  ])('%s: %p then %p -> %p', (_label, first, second, settled) => {
    expect(isFileSettled(first, second)).toBe(settled);
  });
});
