import { parseFormat, parseScope, periodBounds } from './report-scope';

describe('parseScope', () => {
  it('reads a batch', () => {
    expect(parseScope({ batch: '12' })).toEqual({ kind: 'batch', batchId: 12 });
  });

  it('reads a period', () => {
    expect(parseScope({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      kind: 'period',
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });

  it.each([
    [{ batch: '1', from: '2026-01-01', to: '2026-01-31' }, 'not both'],
    [{ batch: '1', to: '2026-01-31' }, 'not both'],
    [{}, 'Say what to report on'],
    [{ batch: 'abc' }, 'batch number, e.g. 12 (got "abc")'],
    [{ batch: '0' }, '(got "0")'],
    [{ from: '2026-01-01' }, '--to is missing'],
    [{ to: '2026-01-01' }, '--from is missing'],
    [{ from: '2026-02-30', to: '2026-03-01' }, '--from must be a date written YYYY-MM-DD'],
    [{ from: '01/02/2026', to: '2026-03-01' }, '(got "01/02/2026")'],
    [{ from: '2026-03-02', to: '2026-03-01' }, '--to (2026-03-01) is before --from (2026-03-02)'],
  ])('refuses %j', (args, message) => {
    expect(() => parseScope(args)).toThrow(message);
  });
});

describe('parseFormat', () => {
  it.each(['xlsx', 'csv', 'XLSX'])('accepts %s', (format) => {
    expect(parseFormat(format)).toBe(format.toLowerCase());
  });

  it.each(['pdf', '', undefined])('refuses %j', (format) => {
    expect(() => parseFormat(format)).toThrow('The format must be xlsx or csv');
  });
});

describe('periodBounds', () => {
  it('covers the last day whole, across a month end', () => {
    expect(periodBounds({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      start: '2026-01-01 00:00:00',
      end: '2026-02-01 00:00:00',
    });
  });
});
