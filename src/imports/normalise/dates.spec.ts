import { parseDate } from './dates';

describe('parseDate', () => {
  it.each([
    ['2021-01-28', '2021-01-28'],
    ['2021/01/28', '2021-01-28'],
    ['2021-01-28T00:00:00.000Z', '2021-01-28'],
    ['Jan 28 2021', '2021-01-28'],
    ['January 28, 2021', '2021-01-28'],
    ['28 Jan 2021', '2021-01-28'],
    ['28-Jan-21', '2021-01-28'],
    ['28 janv. 2021', '2021-01-28'],
    ['1er février 2026', '2026-02-01'],
    ['28.01.2021', '2021-01-28'],
    ['01/28/2021', '2021-01-28'],
    ['28/01/21', '2021-01-28'],
    ['05.05.25', '2025-05-05'],
  ])('reads %p as %p', (text, date) => {
    expect(parseDate(text, 'YYYY-MM-DD')).toEqual({ ok: true, value: date });
  });

  it('reads an Excel date serial', () => {
    expect(parseDate(46045, 'YYYY-MM-DD')).toEqual({ ok: true, value: '2026-01-23' });
  });

  it('reads digits in the profile order', () => {
    expect(parseDate('05.12.25', 'DD/MM/YYYY')).toEqual({ ok: true, value: '2025-12-05' });
    expect(parseDate('05.12.25', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2025-05-12' });
    expect(parseDate('28/01/2021', 'MM/DD/YYYY')).toMatchObject({ ok: false });
  });

  it('says which order it assumed when either could be the day', () => {
    expect(parseDate('05.12.25', 'YYYY-MM-DD')).toEqual({
      ok: true,
      value: '2025-12-05',
      assumed:
        "was read day first, as 5 December 2025; if it is May 12, set the profile's dateFormat to MM/DD/YYYY",
    });
  });

  it.each(['31/02/2026', 'next Friday', '2026-13-01', 'Jan 2026', '32 Jan 2026'])(
    'refuses %p, saying how to write a date',
    (text) => {
      expect(parseDate(text, 'YYYY-MM-DD')).toEqual({
        ok: false,
        message:
          'is not a date: write it as YYYY-MM-DD, DD/MM/YYYY or with the month in words (28 Jan 2026)',
      });
    },
  );

  it('reads a blank cell as no date', () => {
    expect(parseDate('  ', 'YYYY-MM-DD')).toEqual({ ok: true, value: null });
  });
});
