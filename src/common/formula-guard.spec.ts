import { neutraliseFormula, xlsxTextCell } from './formula-guard';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['\n=1+1', "'\n=1+1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
  ])('prefixes %j with an apostrophe', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  it.each(['Amara Kamara', '231886123456', '', ' =not first', "O'Neil", 'a=b', '1-2'])(
    'leaves %j as it is',
    (text) => {
      expect(neutraliseFormula(text)).toBe(text);
    },
  );
});

describe('xlsxTextCell', () => {
  it.each([
    ['-2.50', -2.5],
    ['1250', 1250],
    ['0.75', 0.75],
  ])('writes the plain number %j as a number', (text, number) => {
    expect(xlsxTextCell(text)).toBe(number);
  });

  it.each([
    ['-2+3', "'-2+3"],
    ['=1+1', "'=1+1"],
    ['0886123456', '0886123456'],
    ['+231886123456', "'+231886123456"],
    ['1e5', '1e5'],
    ['Amara', 'Amara'],
  ])('writes %j as the text %j', (text, cell) => {
    expect(xlsxTextCell(text)).toBe(cell);
  });
});
