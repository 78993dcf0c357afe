import { ImportError } from './import.errors';
import { checkedUploadName } from './upload-name';

describe('uploaded file names', () => {
  it.each([
    ['payroll.csv', 'payroll.csv'],
    ['Paie février.xlsx', 'Paie février.xlsx'],
    [Buffer.from('Février.csv', 'utf8').toString('latin1'), 'Février.csv'],
    ['  spaced.csv ', 'spaced.csv'],
  ])('%j is kept as %j', (raw, name) => {
    expect(checkedUploadName(raw)).toBe(name);
  });

  it.each([
    ['../../etc/passwd.csv', /contains a folder/],
    ['..\\..\\windows\\win.ini', /contains a folder/],
    ['/etc/passwd', /contains a folder/],
    ['folder/payroll.csv', /contains a folder/],
    ['pay\u0000roll.csv', /control characters/],
    ['pay\nroll.csv', /control characters/],
    ['payroll\u202Evsc.xlsx', /invisible formatting characters/],
    ['pay\u0085roll.csv', /invisible formatting/],
    ['pay\u2028roll.csv', /invisible formatting/],
    ['pay\u200Broll.csv', /invisible formatting/],
    ['pay\u2066roll.csv', /invisible formatting/],
    ['..', /not a file name/],
    ['', /empty/],
    [`${'a'.repeat(256)}.csv`, /longer than 255/],
  ])('%j is refused: %s', (raw, problem) => {
    let error: unknown;
    try {
      checkedUploadName(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('FILE_NAME_INVALID');
    expect((error as ImportError).status).toBe(400);
    expect((error as ImportError).message).toMatch(problem);
  });

  it('shows a refused name with its invisible characters written out', () => {
    expect(() => checkedUploadName('payroll\u202Evsc.xlsx')).toThrow(
      'The file name "payroll<U+202E>vsc.xlsx" is not accepted',
    );
  });
});
