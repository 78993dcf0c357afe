import { formatAmount, formatDateTime, formatJobSlot, formatMoney, withStatusName } from './format';

describe('formatAmount', () => {
  it.each([
    ['1250.5', 'USD', '1,250.50'],
    ['1250.50', 'USD', '1,250.50'],
    ['0', 'USD', '0.00'],
    ['27312.04', 'LRD', '27,312.04'],
    ['15000', 'RWF', '15,000'],
    ['15000.00', 'RWF', '15,000'],
    ['1234567890123456789.99', 'USD', '1,234,567,890,123,456,789.99'],
    ['0.10', 'USD', '0.10'],
    ['-50', 'USD', '-50.00'],
    ['-0.00', 'USD', '0.00'],
    ['007.1', 'USD', '7.10'],
    ['10.555', 'USD', '10.555'],
    ['100.5', 'RWF', '100.5'],
    ['12.30', 'XYZ', '12.30'],
  ])('%s %s → %s', (amount, currency, shown) => {
    expect(formatAmount(amount, currency)).toBe(shown);
  });

  it('keeps exact digits a float would round', () => {
    expect(formatAmount('9007199254740993.01', 'USD')).toBe('9,007,199,254,740,993.01');
  });

  it.each([null, undefined, '', '  '])('shows a dash for %j', (amount) => {
    expect(formatAmount(amount, 'USD')).toBe('—');
  });

  it('returns text that is not a decimal as it is', () => {
    expect(formatAmount('12,50', 'USD')).toBe('12,50');
  });

  it('adds the currency on the same line', () => {
    expect(formatMoney('100', 'USD')).toBe('100.00\u00a0USD');
    expect(formatMoney(null, 'USD')).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('shows a UTC instant in the given time zone', () => {
    expect(formatDateTime('2026-03-01T22:30:00.000Z', 'en-GB', 'Africa/Kigali')).toBe(
      '2 Mar 2026, 00:30:00 GMT+2',
    );
    expect(formatDateTime('2026-03-01T22:30:00.000Z', 'en-GB', 'UTC')).toBe(
      '1 Mar 2026, 22:30:00 UTC',
    );
  });

  it('shows a dash for no date and the text for a bad one', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });
});

describe('formatJobSlot', () => {
  it('shows a scheduled slot in the given time zone, and a run by hand as such', () => {
    expect(formatJobSlot('2026-11-28T02:00:00Z', 'en-GB', 'Africa/Kigali')).toBe(
      '28 Nov 2026, 04:00:00 GMT+2',
    );
    expect(formatJobSlot('manual:2026-11-28T02:00:00.000Z:a1b2c3', 'en-GB', 'UTC')).toBe('by hand');
  });
});

describe('withStatusName', () => {
  it.each([
    ['payroll-march.csv', 'payroll-march-with-status.csv'],
    ['Paie Février 2026.xlsx', 'Paie Février 2026-with-status.xlsx'],
    ['payroll.v2.csv', 'payroll.v2-with-status.csv'],
    ['payroll', 'payroll-with-status'],
    ['.csv', '.csv-with-status'],
  ])('%s → %s', (name, exported) => {
    expect(withStatusName(name)).toBe(exported);
  });
});
