import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain, quoted and multi-line cells', () => {
    const text = '\ufeffName,Net Pay,Row\r\n"Doe, Jane","1,250.50",4\r\n"Say ""hi""\nthere",,5\r\n';
    expect(parseCsv(text)).toEqual([
      ['Name', 'Net Pay', 'Row'],
      ['Doe, Jane', '1,250.50', '4'],
      ['Say "hi"\nthere', '', '5'],
    ]);
  });

  it('reads a last line without a line break, and nothing from empty text', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});
