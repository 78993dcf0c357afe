import { isBuiltInDateFormat, isDateFormatCode } from './number-formats';

describe('date number formats', () => {
  it.each([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 36, 45, 46, 47, 50, 58])(
    'built-in format %i is a date or time',
    (id) => expect(isBuiltInDateFormat(id)).toBe(true),
  );

  it.each([0, 1, 2, 4, 9, 10, 11, 12, 13, 23, 37, 44, 48, 49, 59])(
    'built-in format %i is not',
    (id) => expect(isBuiltInDateFormat(id)).toBe(false),
  );

  it.each([
    'DD/MM/YYYY',
    'yyyy-mm-dd',
    'd-mmm-yy',
    'mmmm yyyy',
    'hh:mm:ss',
    'h:mm AM/PM',
    '[$-409]dd/mm/yyyy',
    '[Red]dd/mm/yyyy',
    'dd/mm/yyyy;@',
    'd "de" mmmm "de" yyyy',
    '[h]:mm "on" dd/mm',
  ])('%s shows a date or time', (code) => expect(isDateFormatCode(code)).toBe(true));

  it.each([
    'General',
    '0.00',
    '#,##0.00 "days"',
    '0.00E+00',
    '[Red]-#,##0.00',
    '[$USD-409] #,##0',
    '"Total: "0',
    '\\d0',
    '_(* #,##0_);_(* (#,##0);_(* "-"_)',
    '@',
    '[h]:mm:ss',
    '[mm]:ss',
    '[HH]:MM',
  ])('%s does not (text, numbers, durations)', (code) =>
    expect(isDateFormatCode(code)).toBe(false),
  );
});
