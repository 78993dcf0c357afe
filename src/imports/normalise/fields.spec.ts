import { cleanText } from './fields';

/** cleanText as it reads without its shortcut for clean cells. */
function collapsed(text: string): string | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

describe('cleanText', () => {
  it.each<[string, string | null]>([
    ['Jérôme Kollie', 'Jérôme Kollie'],
    ['  Mary   Doe ', 'Mary Doe'],
    ['Mary\u00a0Doe', 'Mary Doe'],
    ['Mary\tDoe\n', 'Mary Doe'],
    ['Mary\u202fDoe', 'Mary Doe'],
    ['', null],
    [' ', null],
    ['\u00a0', null],
    ['EMP000001', 'EMP000001'],
  ])('%j is %j', (text, cleaned) => {
    expect(cleanText(text)).toBe(cleaned);
  });

  it('agrees with collapsing every run of whitespace, for every mix of letters and spaces', () => {
    const pieces = ['a', 'é', ' ', '  ', '\t', '\n', '\u00a0', '\u202f', '\u2003', '\ufeff', 'x'];
    const texts: string[] = [''];
    for (const a of pieces)
      for (const b of pieces) for (const c of pieces) texts.push(a + b + c, `${a}Mary${b}Doe${c}`);
    expect(texts.map((text) => ({ text, cleaned: cleanText(text) }))).toEqual(
      texts.map((text) => ({ text, cleaned: collapsed(text) })),
    );
  });

  it('returns a clean cell itself, not a copy', () => {
    const text = ['Mary', 'Doe'].join(' ');
    expect(Object.is(cleanText(text), text)).toBe(true);
  });
});
