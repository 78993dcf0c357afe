import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError } from '../../src/imports/import.errors';
import type { ImportRequest } from '../../src/imports/import.service';
import type { ImportKind } from '../../src/imports/import.types';
import { loadProfile } from '../../src/imports/profiles/profile.loader';
import { createImportHarness, type ImportHarness, request } from './import-harness';

const OK = join(__dirname, '..', 'fixtures', 'ok');
const NOT_OK = join(__dirname, '..', 'fixtures', 'not-ok');

describe('import fixtures (dry runs, one rule per file)', () => {
  let h: ImportHarness;

  beforeAll(async () => {
    h = await createImportHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function dryRun(file: string, changes: Parameters<typeof request>[1] = {}) {
    return h.service.importFile(request(file, { dryRun: true, ...changes }));
  }

  describe('files that import cleanly', () => {
    // Object rows: Jest passes a `done` callback to a test function with more parameters than
    // its table row has values, and then waits for it.
    it.each<{ file: string; valid: number; changes?: Partial<ImportRequest> }>([
      { file: 'utf8-bom.csv', valid: 1 },
      { file: 'utf16le-bom.csv', valid: 1 },
      { file: 'windows-1252.csv', valid: 1 },
      { file: 'semicolon.csv', valid: 2 },
      { file: 'tab.tsv', valid: 2 },
      { file: 'pipe.csv', valid: 2 },
      { file: 'quoted-newline.csv', valid: 2 },
      { file: 'title-rows.csv', valid: 2 },
      { file: 'blank-rows.csv', valid: 2 },
      { file: 'local-and-international-phones.csv', valid: 5 },
      { file: 'amount-formats.csv', valid: 4 },
      { file: 'country-column.csv', valid: 2 },
      { file: 'xlsx-basic.xlsx', valid: 2 },
      { file: 'xlsx-merged-title-formulas.xlsx', valid: 2 },
      { file: 'xlsx-numbers-as-text.xlsx', valid: 1 },
      { file: 'xlsx-second-sheet.xlsx', valid: 1, changes: { sheet: 'payroll' } },
      {
        file: 'decimal-comma.csv',
        valid: 1,
        changes: { profile: loadProfile(join(OK, 'decimal-comma.profile.json')) },
      },
    ])('$file: $valid valid rows, nothing invalid', async ({ file, valid, changes }) => {
      const outcome = await dryRun(join(OK, file), changes);
      expect(outcome.problems).toEqual([]);
      expect(outcome.summary).toMatchObject({
        valid,
        rows: valid,
        invalid: 0,
        duplicates: 0,
        importId: null,
        status: 'dry-run',
      });
    });

    it('keeps accents of a Windows-1252 file and reads 1,250.50 exactly', async () => {
      const outcome = await dryRun(join(OK, 'windows-1252.csv'));
      expect(outcome.summary.totals).toEqual([{ currency: 'USD', amount: '1250.50' }]);
    });

    it.each(['totals-label.csv', 'totals-sum.csv'])(
      '%s: the totals row is skipped',
      async (file) => {
        const outcome = await dryRun(join(OK, file));
        expect(outcome.summary).toMatchObject({ valid: 2, invalid: 0, skipped: 1 });
        expect(outcome.summary.totals).toEqual([{ currency: 'USD', amount: '1550.50' }]);
      },
    );

    it('rounds Excel float noise to what Excel shows (0.1 + 0.2 = 0.30)', async () => {
      const outcome = await dryRun(join(OK, 'xlsx-merged-title-formulas.xlsx'));
      expect(outcome.headerRow).toBe(3);
      expect(outcome.summary.totals).toEqual([{ currency: 'USD', amount: '1250.80' }]);
    });

    it('reads several lines with one invoice number as one invoice, and Excel dates', async () => {
      const lines = await dryRun(join(OK, 'invoices-multiline.csv'), { kind: 'receivables' });
      expect(lines.summary).toMatchObject({ valid: 3, invalid: 0, invoices: 2 });
      expect(lines.summary.totals).toEqual([{ currency: 'RWF', amount: '132500' }]);
      const dates = await dryRun(join(OK, 'xlsx-invoice-dates.xlsx'), { kind: 'receivables' });
      expect(dates.summary).toMatchObject({ valid: 2, invoices: 2 });
    });

    it('warns, without refusing, when two people share one phone', async () => {
      const outcome = await dryRun(join(OK, 'shared-phone-warning.csv'));
      expect(outcome.summary).toMatchObject({ valid: 2, invalid: 0 });
      expect(outcome.warnings).toBe(1);
    });
  });

  describe('rows that break one rule', () => {
    it.each<[string, ImportKind, string, string, RegExp]>([
      [
        'phone-scientific.csv',
        'payables',
        'Mobile Number',
        '2,50788E+11',
        /turned into a number by Excel/,
      ],
      [
        'phone-foreign.csv',
        'payables',
        'Mobile Number',
        '+233 24 123 4567',
        /not a phone number of a supported mobile money market/,
      ],
      [
        'phone-landline.csv',
        'payables',
        'Mobile Number',
        '+231 22 123 456',
        /not a valid Liberia mobile number/,
      ],
      [
        'phone-other-market.csv',
        'payables',
        'Mobile Number',
        '+250 788 123 456',
        /is a Rwanda number .* but the country is Liberia/,
      ],
      ['phone-missing.csv', 'payables', 'Mobile Number', '', /is missing/],
      ['name-missing.csv', 'payables', 'Employee Name', '', /is missing/],
      ['amount-negative.csv', 'payables', 'Net Pay', '-100', /must be more than zero/],
      ['amount-zero.csv', 'payables', 'Net Pay', '0.00', /must be more than zero/],
      [
        'amount-too-many-decimals.csv',
        'payables',
        'Net Pay',
        '10.555',
        /USD amounts have at most 2/,
      ],
      [
        'amount-rwf-decimals.csv',
        'payables',
        'Net Pay',
        '1500.50',
        /RWF amounts are whole numbers/,
      ],
      ['amount-not-a-number.csv', 'payables', 'Net Pay', 'ten dollars', /is not an amount/],
      ['amount-wrong-separator.csv', 'payables', 'Net Pay', '1250,50', /decimal separator/],
      ['currency-unknown.csv', 'payables', 'Currency', 'EUR', /not a currency Dollr pays in/],
      ['currency-not-in-market.csv', 'payables', 'Currency', 'RWF', /not paid in Liberia/],
      ['period-missing.csv', 'payables', 'Period', '', /pay period or bill reference/],
      ['method-unknown.csv', 'payables', 'Network', 'Vodafone', /not a mobile money method/],
      ['email-invalid.csv', 'payables', 'Email', 'not-an-email', /not an email address/],
      ['invoice-bad-due-date.csv', 'receivables', 'Due Date', '31/02/2026', /not a date/],
      ['invoice-no-contact.csv', 'receivables', 'Phone', '', /phone number or an email address/],
      ['invoice-line-total-decimals.csv', 'receivables', 'Qty', '1.5', /line total of 0.495 USD/],
      [
        'xlsx-decimal-phone.xlsx',
        'payables',
        'Mobile Number',
        '231886123456.5',
        /turned into a number by Excel/,
      ],
    ])('%s: the error names the row, %s, and the rule', async (file, kind, column, value, rule) => {
      const outcome = await dryRun(join(NOT_OK, file), { kind });
      expect(outcome.summary.invalid).toBe(1);
      const row = file.startsWith('invoice-line') ? 2 : 3;
      const expected = `Row ${row}: ${column}${value === '' ? '' : ` "${value}"`} `;
      expect(outcome.problems).toHaveLength(1);
      expect(outcome.problems[0]?.startsWith(expected)).toBe(true);
      expect(outcome.problems[0]).toMatch(rule);
    });

    it('invoice-mixed-currency.csv: the line in another currency is invalid, and its invoice is left out whole', async () => {
      const outcome = await dryRun(join(NOT_OK, 'invoice-mixed-currency.csv'), {
        kind: 'receivables',
      });
      expect(outcome.summary).toMatchObject({ valid: 0, invalid: 2, invoices: 0, totals: [] });
      expect(outcome.problems).toHaveLength(2);
      expect(outcome.problems[0]).toMatch(
        /^Row 3: Currency "USD" .*same on every line of invoice INV-1001/,
      );
      expect(outcome.problems[1]).toBe(
        'Row 2 is left out with invoice INV-1001: its line on row 3 has a problem',
      );
    });

    it('a row in another encoding than the file is invalid, not stored as garbled names', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'dc-encoding-'));
      const header = Buffer.from(
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period\n',
      );
      // UTF-8 rows and one Latin-1 row: the file is not UTF-8, so it is read as Windows-1252.
      const mixed = join(folder, 'mixed.csv');
      writeFileSync(
        mixed,
        Buffer.concat([
          header,
          Buffer.from('E1,Jérôme Doe,0886 310 140,10.00,USD,2026-11\n', 'utf8'),
          Buffer.from('E2,Hélène Kollie,0886 310 141,10.00,USD,2026-11\n', 'latin1'),
          Buffer.from('E3,Musu Tarr,0886 310 142,10.00,USD,2026-11\n', 'utf8'),
        ]),
      );
      const outcome = await dryRun(mixed);
      expect(outcome.summary).toMatchObject({ valid: 2, invalid: 1 });
      expect(outcome.problems).toEqual([
        'Row 2: Employee Name "JÃ©rÃ´me Doe" is text in another encoding than the rest of the file (probably "Jérôme Doe"): save the whole file as "CSV UTF-8" and import it again',
      ]);

      // A UTF-8 byte-order mark over a Latin-1 body.
      const marked = join(folder, 'marked.csv');
      writeFileSync(
        marked,
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          header,
          Buffer.from('E4,Zoë Flomo,0886 310 143,10.00,USD,2026-11\n', 'latin1'),
        ]),
      );
      const bad = await dryRun(marked);
      expect(bad.summary).toMatchObject({ valid: 0, invalid: 1 });
      expect(bad.problems[0]).toMatch(/Employee Name ".*" has bytes that are not text/);
    });

    it('duplicate-in-file.csv: the second row for the same payee and period is a duplicate', async () => {
      const outcome = await dryRun(join(NOT_OK, 'duplicate-in-file.csv'));
      expect(outcome.summary).toMatchObject({ valid: 1, duplicates: 1 });
      expect(outcome.summary.totals).toEqual([{ currency: 'USD', amount: '1250.50' }]);
    });
  });

  describe('files that cannot be read', () => {
    it.each<[string, string, RegExp]>([
      ['empty.csv', 'FILE_EMPTY', /is empty/],
      ['header-only.csv', 'FILE_EMPTY', /header row \(row 1\) and no rows under it/],
      ['old-excel.xls', 'FILE_UNSUPPORTED', /save it as "Excel Workbook \(.xlsx\)" or "CSV UTF-8"/],
      ['macros.xlsm', 'FILE_UNSUPPORTED', /macro-enabled.*save it as/],
      ['corrupt.xlsx', 'FILE_UNREADABLE', /could not be read/],
      ['document.pdf', 'FILE_UNSUPPORTED', /use a .csv or .xlsx file/],
      ['no-header.csv', 'HEADER_NOT_FOUND', /No header row was found/],
      [
        'header-missing-column.csv',
        'HEADER_NOT_FOUND',
        /header on row 1 has no column for: amount/,
      ],
      ['unclosed-quote.csv', 'FILE_UNREADABLE', /unclosed quote/],
      ['does-not-exist.csv', 'FILE_NOT_FOUND', /does not exist/],
    ])('%s is refused with %s', async (file, code, message) => {
      const error = await dryRun(join(NOT_OK, file)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toMatch(message);
    });

    it('names the row that looks like the header, what it has and what it lacks', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'dc-header-')), 'foreign.csv');
      writeFileSync(
        file,
        'ACME payroll\nMatricule,Employee Name,Mobile Number,Montant\nM-1,Musu Doe,0886 310 119,10.00\n',
      );
      const error = await dryRun(file).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'HEADER_NOT_FOUND',
        details: { headerRow: 2, missing: [['amount']] },
      });
      expect((error as Error).message).toBe(
        'Row 2 looks like the header: it has "Employee Name" (full_name), "Mobile Number" (phone), but no column for: amount (e.g. "Net Pay", "Net Salary", "Net Amount"). Rename those columns, or use a profile that knows their names (profile "payroll").',
      );
    });

    it('names the sheets when --sheet does not exist', async () => {
      await expect(
        dryRun(join(OK, 'xlsx-second-sheet.xlsx'), { sheet: 'Salaries' }),
      ).rejects.toThrow(/no sheet "Salaries". Its sheets are: 1 "Notes", 2 "Payroll"/);
    });

    it('refuses a profile made for the other type', async () => {
      await expect(
        dryRun(join(OK, 'utf8-bom.csv'), { profile: loadProfile('invoices') }),
      ).rejects.toThrow(/profile "invoices" is for receivables/);
    });
  });
});
