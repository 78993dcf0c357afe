import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { MarketCode } from './currency';
import { normaliseMobilePhone } from './phone';

describe('normaliseMobilePhone', () => {
  it.each<[string, MarketCode | undefined, string]>([
    ['0886 123 456', 'LR', '231886123456'],
    ['0770-123-457', 'LR', '231770123457'],
    ['+231 77 012 3456', 'LR', '231770123456'],
    ['+231 77 012 3456', undefined, '231770123456'],
    ['231886123456', 'LR', '231886123456'],
    ['231886123456', undefined, '231886123456'],
    ['886123456', 'LR', '231886123456'],
    ['(0886) 123-456', 'LR', '231886123456'],
    ['+231 (0)886 123 456', 'LR', '231886123456'],
    ['0555123456', 'LR', '231555123456'],
    ['0788 123 456', 'RW', '250788123456'],
    ['250788123456', 'RW', '250788123456'],
    ['00250 788 123 456', 'RW', '250788123456'],
    ['+250788123456', undefined, '250788123456'],
    ['0722123456', 'RW', '250722123456'],
  ])('%s in %s is %s', (input, country, expected) => {
    expect(normaliseMobilePhone(input, country)).toEqual({
      ok: true,
      phone: expected,
      market: expected.startsWith('231') ? 'LR' : 'RW',
    });
  });

  it.each<[string, MarketCode | undefined, string]>([
    ['', 'LR', 'missing'],
    ['2,50788E+11', 'RW', 'excel-number'],
    ['2.50788E+11', 'RW', 'excel-number'],
    ['231886123456.5', 'LR', 'excel-number'],
    ['call me', 'LR', 'not-a-phone'],
    ['0886 123 456', undefined, 'needs-country'],
    ['+233 24 123 4567', 'LR', 'unsupported-country'],
    ['+250 788 123 456', 'LR', 'other-market'],
    ['0788123456', 'LR', 'not-mobile'],
    ['+231 22 123 456', 'LR', 'not-mobile'],
    ['0252 123 456', 'RW', 'not-mobile'],
    ['0886 123', 'LR', 'not-mobile'],
  ])('%s in %s is refused as %s', (input, country, problem) => {
    const result = normaliseMobilePhone(input, country);
    expect(result).toMatchObject({ ok: false, problem });
  });

  it('explains why an Excel number cannot be used', () => {
    const result = normaliseMobilePhone('2,50788E+11', 'RW');
    expect(!result.ok && result.message).toContain('format the column as Text');
  });

  it.each<[string, MarketCode]>([
    ['0886123456', 'LR'],
    ['0770123457', 'LR'],
    ['0555123456', 'LR'],
    ['0776123456', 'LR'],
    ['0221234567', 'LR'],
    ['0330123456', 'LR'],
    ['04240123', 'LR'],
    ['0612345', 'LR'],
    ['0788123456', 'RW'],
    ['0738123456', 'RW'],
    ['0798123456', 'RW'],
    ['0748123456', 'RW'],
    ['0252123456', 'RW'],
    ['0800123456', 'RW'],
  ])('agrees with libphonenumber-js on whether %s is a %s mobile number', (input, country) => {
    const parsed = parsePhoneNumberFromString(input, country);
    const libraryMobile = parsed?.isValid() === true && parsed.getType() === 'MOBILE';
    const result = normaliseMobilePhone(input, country);
    expect(result.ok).toBe(libraryMobile);
    expect(result.ok ? `+${result.phone}` : null).toBe(libraryMobile ? parsed?.number : null);
  });
});
