import { freeName, isInboxDataFile, resolveProfileReference, sidecarOf } from './inbox-layout.util';

describe('inbox layout', () => {
  it.each([
    ['payroll-2026-11.csv', true],
    ['Suppliers.XLSX', true],
    ['bills.tsv', true],
    ['payroll-2026-11.csv.profile.json', false],
    ['payroll-2026-11.csv.error.txt', false],
    ['.payroll.csv.swp', false],
    ['~$payroll.xlsx', false],
    ['payroll.csv.part', false],
    ['notes.pdf', false],
  ])('%s is a data file: %p', (name, expected) => {
    expect(isInboxDataFile(name)).toBe(expected);
  });

  it('names the sidecar after the whole file name', () => {
    expect(sidecarOf('/in/pay.csv')).toBe('/in/pay.csv.profile.json');
  });

  it('finds a free name when the target exists', () => {
    const taken = new Set(['pay.csv', 'pay (2).csv']);
    expect(freeName('pay.csv', (n) => taken.has(n))).toBe('pay (3).csv');
    expect(freeName('other.csv', (n) => taken.has(n))).toBe('other.csv');
  });

  it('keeps built-in profile names and resolves paths beside the sidecar', () => {
    expect(resolveProfileReference('suppliers', '/in/x.csv.profile.json')).toBe('suppliers');
    expect(resolveProfileReference('acme.json', '/in/x.csv.profile.json')).toBe('/in/acme.json');
    expect(resolveProfileReference('profiles/acme.json', '/in/x.csv.profile.json')).toBe(
      '/in/profiles/acme.json',
    );
    expect(resolveProfileReference('/etc/acme.json', '/in/x.csv.profile.json')).toBe(
      '/etc/acme.json',
    );
  });
});
