/**
 * Regenerates the sample spreadsheets in samples/ and the rule fixtures in test/fixtures/
 * (`npm run samples`). Everything is deterministic, so a regenerated file only changes when this
 * script does.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PAYROLL_HEADER, payrollRow } from './payroll-data';

const ROOT = resolve(__dirname, '..', '..');
const SAMPLES = join(ROOT, 'samples');
const OK = join(ROOT, 'test', 'fixtures', 'ok');
const NOT_OK = join(ROOT, 'test', 'fixtures', 'not-ok');

type Cell = string | number | Date | { formula: string; result: number } | null;

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function csvLine(cells: readonly string[], delimiter = ','): string {
  return cells
    .map((c) => (/[",;\t|\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(delimiter);
}

function csv(rows: readonly (readonly string[])[], delimiter = ','): string {
  return `${rows.map((r) => csvLine(r, delimiter)).join('\r\n')}\r\n`;
}

async function xlsx(
  path: string,
  sheets: {
    name: string;
    rows: Cell[][];
    merge?: string;
    textColumns?: number[];
    dateColumns?: number[];
  }[],
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(Date.UTC(2026, 0, 31));
  workbook.modified = workbook.created;
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const row of spec.rows) sheet.addRow(row);
    if (spec.merge !== undefined) sheet.mergeCells(spec.merge);
    for (const column of spec.textColumns ?? []) sheet.getColumn(column).numFmt = '@';
    for (const column of spec.dateColumns ?? []) sheet.getColumn(column).numFmt = 'dd/mm/yyyy';
  }
  mkdirSync(dirname(path), { recursive: true });
  await workbook.xlsx.writeFile(path);
}

const HEADER = ['Employee ID', 'Employee Name', 'Mobile Number', 'Net Pay', 'Currency', 'Period'];
const GOOD = ['EMP001', 'Jérôme Doe', '0886 123 456', '1,250.50', 'USD', '2026-01'];
const GOOD2 = ['EMP002', 'Mary Kollie', '0770-123-457', '300.00', 'USD', '2026-01'];

/** A payroll fixture: the header, one good row, then `rows`. */
function payroll(...rows: string[][]): string {
  return csv([HEADER, GOOD, ...rows]);
}

const INVOICE_HEADER = [
  'Invoice No',
  'Customer ID',
  'Customer Name',
  'Phone',
  'Email',
  'Item',
  'Qty',
  'Unit Price',
  'Currency',
  'Due Date',
];
const LINE = [
  'INV-1001',
  'C-01',
  'Kigali Traders',
  '0788 123 456',
  'ap@kigalitraders.rw',
  'Consulting',
  '2',
  '15,000',
  'RWF',
  '28/02/2026',
];

function invoices(...rows: string[][]): string {
  return csv([INVOICE_HEADER, LINE, ...rows]);
}

async function samples(): Promise<void> {
  const payrollRows = Array.from({ length: 40 }, (_, i) => payrollRow(i));
  const total = payrollRows
    .filter((r) => r[4] === 'USD')
    .reduce((sum, r) => sum + Math.round(Number((r[3] ?? '0').replace(/,/g, '')) * 100), 0);
  write(
    join(SAMPLES, 'payroll-liberia.csv'),
    `\ufeff${csv([
      ['ACME Liberia Ltd - Payroll for January 2026', '', '', '', '', '', ''],
      ['Exported 31/01/2026 from PayrollPro', '', '', '', '', '', ''],
      [],
      PAYROLL_HEADER,
      ...payrollRows,
      [],
      ['Total USD', '', '', (total / 100).toFixed(2), 'USD', '', ''],
    ])}`,
  );

  const rwanda: Cell[][] = [
    [
      'Ubumwe Coffee Cooperative - Imishahara / Payroll February 2026',
      null,
      null,
      null,
      null,
      null,
    ],
    [null],
    ['Staff No', 'Amazina', 'MSISDN', 'Gross Salary', 'Deductions', 'Net Salary', 'Month'],
  ];
  const phones = [
    '0788123456',
    '0722123456',
    '0738123456',
    '250788654321',
    '+250 798 123 456',
    '0788 765 432',
  ];
  phones.forEach((phone, i) => {
    const gross = 150000 + i * 25000;
    const deductions = 15000 + i * 1000;
    const row = 4 + i;
    rwanda.push([
      `RW-${String(i + 1).padStart(3, '0')}`,
      [
        'Uwase Aline',
        'Habimana Jean',
        'Mukamana Grace',
        'Niyonzima Eric',
        'Ingabire Claire',
        'Mugisha Patrick',
      ][i] ?? '',
      phone,
      gross,
      deductions,
      { formula: `D${row}-E${row}`, result: gross - deductions },
      '2026-02',
    ]);
  });
  rwanda.push([
    null,
    'TOTAL',
    null,
    null,
    null,
    {
      formula: 'SUM(F4:F9)',
      result: phones.reduce((s, _, i) => s + 150000 + i * 25000 - 15000 - i * 1000, 0),
    },
    null,
  ]);
  await xlsx(join(SAMPLES, 'payroll-rwanda.xlsx'), [
    { name: 'Payroll', rows: rwanda, merge: 'A1:G1', textColumns: [3] },
  ]);

  // The most common payroll layout: the month only in the title rows, the sheet name and the
  // file name; no period column.
  await xlsx(join(SAMPLES, 'payroll-liberia-november-2026.xlsx'), [
    {
      name: 'Nov 2026',
      rows: [
        ['Monrovia Water & Sewer Co. - Payroll for November 2026'],
        ['Prepared by HR, 28/11/2026'],
        [],
        ['Staff No', 'Employee Name', 'Mobile Number', 'Net Pay', 'Currency'],
        ['MW-101', 'Comfort Tarr', '0886 410 201', 412.5, 'USD'],
        ['MW-102', 'Varney Sirleaf', '0770 410 202', 388, 'USD'],
        ['MW-103', 'Musu Kamara', '0886 410 203', 29500, 'LRD'],
        ['MW-104', 'Jallah Weah', '0555 410 204', 450.75, 'USD'],
      ],
      merge: 'A1:E1',
      textColumns: [3],
    },
  ]);

  await xlsx(join(SAMPLES, 'suppliers.xlsx'), [
    { name: 'Summary', rows: [['Supplier bills due, February 2026'], ['See the "Bills" sheet']] },
    {
      name: 'Bills',
      rows: [
        ['Vendor Code', 'Vendor Name', 'Phone', 'Bill No', 'Amount Due', 'Currency', 'Memo'],
        [
          'V-100',
          'Monrovia Office Supplies',
          '+231 77 012 3456',
          'BILL-2026-031',
          845.5,
          'USD',
          'Paper and toner',
        ],
        [
          'V-101',
          'Gbarnga Transport Inc.',
          '0886 555 123',
          'BILL-2026-032',
          '12,500.00',
          'LRD',
          'Deliveries',
        ],
        [
          'V-102',
          'Paynesville Security',
          '0555 123 456',
          'BILL-2026-033',
          1200,
          'USD',
          'Guards, February',
        ],
      ],
      textColumns: [3],
    },
  ]);

  write(
    join(SAMPLES, 'invoices.csv'),
    csv([
      INVOICE_HEADER,
      LINE,
      [
        'INV-1001',
        'C-01',
        'Kigali Traders',
        '0788 123 456',
        'ap@kigalitraders.rw',
        'Travel',
        '1',
        '42,500',
        'RWF',
        '28/02/2026',
      ],
      [
        'INV-1002',
        'C-02',
        'Musanze Hotel',
        '0722 987 654',
        '',
        'Website hosting',
        '12',
        '5,000',
        'RWF',
        '15/03/2026',
      ],
      [
        'INV-1003',
        'C-03',
        'Monrovia Bakery',
        '0886 222 333',
        'accounts@monroviabakery.lr',
        'Flour delivery',
        '10',
        '45.75',
        'USD',
        '10/03/2026',
      ],
      [
        'INV-1003',
        'C-03',
        'Monrovia Bakery',
        '0886 222 333',
        'accounts@monroviabakery.lr',
        'Transport',
        '1',
        '30',
        'USD',
        '10/03/2026',
      ],
    ]),
  );

  write(
    join(SAMPLES, 'suppliers-fr.csv'),
    iconv.encode(
      csv(
        [
          ['Code fournisseur', 'Fournisseur', 'Téléphone', 'Facture', 'Montant', 'Devise'],
          ['F-01', 'Société Générale de Café', '0788 111 222', 'F2026-001', '1 250 000', 'RWF'],
          ['F-02', 'Boulangerie Élégance', '0722 333 444', 'F2026-002', '75.000', 'RWF'],
        ],
        ';',
      ),
      'windows1252',
    ),
  );
  write(
    join(SAMPLES, 'profiles-custom', 'french-suppliers.json'),
    `${JSON.stringify(
      {
        $schema: '../profiles/profile.schema.json',
        name: 'french-suppliers',
        description: 'Supplier list exported by a French-language ERP: ; delimiter, decimal comma.',
        type: 'payables',
        relationship: 'SUPPLIER',
        columns: {
          external_ref: ['Code fournisseur'],
          full_name: ['Fournisseur'],
          phone: ['Téléphone'],
          reference: ['Facture'],
          amount: ['Montant'],
          currency: ['Devise'],
        },
        defaults: { country: 'RW' },
        decimalSeparator: ',',
        dateFormat: 'DD/MM/YYYY',
      },
      null,
      2,
    )}\n`,
  );

  write(
    join(SAMPLES, 'broken', 'payroll-broken.csv'),
    payroll(
      ['EMP003', 'Scientific Phone', '2,50788E+11', '100', 'USD', '2026-01'],
      ['EMP004', '', '0886 000 111', '100', 'USD', '2026-01'],
      ['EMP005', 'Negative Pay', '0886 000 112', '-50', 'USD', '2026-01'],
      ['EMP006', 'Too Precise', '0886 000 113', '10.555', 'USD', '2026-01'],
      ['EMP007', 'Rwandan Phone', '+250 788 123 456', '100', 'USD', '2026-01'],
      ['EMP001', 'Jérôme Doe', '0886 123 456', '1,250.50', 'USD', '2026-01'],
    ),
  );
  write(
    join(SAMPLES, 'broken', 'old-workbook.xls'),
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
  );
}

async function fixtures(): Promise<void> {
  // ok/: files that import cleanly, one per reading or normalisation rule.
  write(join(OK, 'utf8-bom.csv'), `\ufeff${payroll()}`);
  write(
    join(OK, 'utf16le-bom.csv'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(payroll(), 'utf16le')]),
  );
  write(join(OK, 'windows-1252.csv'), iconv.encode(payroll(), 'windows1252'));
  write(join(OK, 'semicolon.csv'), csv([HEADER, GOOD, GOOD2], ';'));
  write(join(OK, 'tab.tsv'), csv([HEADER, GOOD, GOOD2], '\t'));
  write(join(OK, 'pipe.csv'), csv([HEADER, GOOD, GOOD2], '|'));
  write(
    join(OK, 'quoted-newline.csv'),
    csv([
      [...HEADER, 'Note'],
      [...GOOD, 'Line one\nline two'],
      [...GOOD2, 'said "hello"'],
    ]),
  );
  write(
    join(OK, 'title-rows.csv'),
    csv([['ACME Payroll January 2026'], ['Prepared by HR', '', ''], [], HEADER, GOOD, GOOD2]),
  );
  write(join(OK, 'blank-rows.csv'), csv([HEADER, GOOD, [], ['', '', '', '', '', ''], GOOD2]));
  write(join(OK, 'totals-label.csv'), payroll(GOOD2, ['TOTAL', '', '', '1,550.50', 'USD', '']));
  write(join(OK, 'totals-sum.csv'), payroll(GOOD2, ['', '', '', '1,550.50', '', '']));
  write(
    join(OK, 'local-and-international-phones.csv'),
    payroll(
      ['EMP010', 'A', '+231 77 012 3456', '1', 'USD', '2026-01'],
      ['EMP011', 'B', '00231886123457', '1', 'USD', '2026-01'],
      ['EMP012', 'C', '231555123456', '1', 'USD', '2026-01'],
      ['EMP013', 'D', '(0886) 123-458', '1', 'USD', '2026-01'],
    ),
  );
  write(
    join(OK, 'amount-formats.csv'),
    payroll(
      ['EMP010', 'A', '0886 000 001', '$1,000', 'USD', '2026-01'],
      ['EMP011', 'B', '0886 000 002', 'USD 99.9', 'USD', '2026-01'],
      ['EMP012', 'C', '0886 000 003', ' 1 234.5 ', 'LRD', '2026-01'],
    ),
  );
  write(
    join(OK, 'decimal-comma.csv'),
    csv([HEADER, ['EMP001', 'Jérôme Doe', '0886 123 456', '1.250,50', 'USD', '2026-01']], ';'),
  );
  write(
    join(OK, 'decimal-comma.profile.json'),
    `${JSON.stringify({ name: 'decimal-comma', type: 'payables', relationship: 'EMPLOYEE', columns: { external_ref: ['Employee ID'], full_name: ['Employee Name'], phone: ['Mobile Number'], amount: ['Net Pay'], currency: ['Currency'], period: ['Period'] }, decimalSeparator: ',' }, null, 2)}\n`,
  );
  write(
    join(OK, 'country-column.csv'),
    csv([
      [...HEADER, 'Country'],
      [...GOOD, 'Liberia'],
      ['RW1', 'Uwase Aline', '0788 123 456', '15000', 'RWF', '2026-01', 'RW'],
    ]),
  );
  write(
    join(OK, 'shared-phone-warning.csv'),
    payroll(['EMP009', 'Someone Else', '0886 123 456', '10', 'USD', '2026-01']),
  );
  write(
    join(OK, 'invoices-multiline.csv'),
    invoices(
      [
        'INV-1001',
        'C-01',
        'Kigali Traders',
        '0788 123 456',
        'ap@kigalitraders.rw',
        'Travel',
        '1',
        '42,500',
        'RWF',
        '28/02/2026',
      ],
      [
        'INV-1002',
        'C-02',
        'Musanze Hotel',
        '',
        'it@musanzehotel.rw',
        'Hosting',
        '12',
        '5,000',
        'RWF',
        '',
      ],
    ),
  );
  await xlsx(join(OK, 'xlsx-basic.xlsx'), [{ name: 'Sheet1', rows: [HEADER, GOOD, GOOD2] }]);
  await xlsx(join(OK, 'xlsx-merged-title-formulas.xlsx'), [
    {
      name: 'Payroll',
      merge: 'A1:F1',
      rows: [
        ['ACME Payroll January 2026'],
        [],
        HEADER,
        [
          'EMP001',
          'Jérôme Doe',
          231886123456,
          { formula: '1000+250.5', result: 1250.5 },
          'USD',
          '2026-01',
        ],
        [
          'EMP002',
          'Mary Kollie',
          '0770123457',
          { formula: '0.1+0.2', result: 0.30000000000000004 },
          'USD',
          '2026-01',
        ],
      ],
    },
  ]);
  await xlsx(join(OK, 'xlsx-numbers-as-text.xlsx'), [
    {
      name: 'Sheet1',
      rows: [HEADER, ['EMP001', 'Jérôme Doe', '0886123456', '1250.50', 'USD', '2026-01']],
      textColumns: [3, 4],
    },
  ]);
  await xlsx(join(OK, 'xlsx-second-sheet.xlsx'), [
    { name: 'Notes', rows: [['Nothing to import here']] },
    { name: 'Payroll', rows: [HEADER, GOOD] },
  ]);
  await xlsx(join(OK, 'xlsx-invoice-dates.xlsx'), [
    {
      name: 'Invoices',
      dateColumns: [10],
      rows: [
        INVOICE_HEADER,
        [
          'INV-1',
          'C-01',
          'Kigali Traders',
          '0788123456',
          '',
          'Consulting',
          2,
          15000,
          'RWF',
          new Date(Date.UTC(2026, 1, 28)),
        ],
        ['INV-2', 'C-02', 'Musanze Hotel', '0722123456', '', 'Hosting', 1, 5000, 'RWF', 46100],
      ],
    },
  ]);

  // not-ok/: one broken rule per file; the header and first row are fine.
  const rows: Record<string, string> = {
    'phone-scientific.csv': payroll(['EMP003', 'A', '2,50788E+11', '100', 'USD', '2026-01']),
    'phone-foreign.csv': payroll(['EMP003', 'A', '+233 24 123 4567', '100', 'USD', '2026-01']),
    'phone-landline.csv': payroll(['EMP003', 'A', '+231 22 123 456', '100', 'USD', '2026-01']),
    'phone-other-market.csv': csv([
      [...HEADER, 'Country'],
      [...GOOD, 'LR'],
      ['EMP003', 'A', '+250 788 123 456', '100', 'USD', '2026-01', 'LR'],
    ]),
    'phone-missing.csv': payroll(['EMP003', 'A', '', '100', 'USD', '2026-01']),
    'name-missing.csv': payroll(['EMP003', '', '0886 000 111', '100', 'USD', '2026-01']),
    'amount-negative.csv': payroll(['EMP003', 'A', '0886 000 111', '-100', 'USD', '2026-01']),
    'amount-zero.csv': payroll(['EMP003', 'A', '0886 000 111', '0.00', 'USD', '2026-01']),
    'amount-too-many-decimals.csv': payroll([
      'EMP003',
      'A',
      '0886 000 111',
      '10.555',
      'USD',
      '2026-01',
    ]),
    'amount-rwf-decimals.csv': payroll(['RW1', 'A', '0788 123 456', '1500.50', 'RWF', '2026-01']),
    'amount-not-a-number.csv': payroll([
      'EMP003',
      'A',
      '0886 000 111',
      'ten dollars',
      'USD',
      '2026-01',
    ]),
    'amount-wrong-separator.csv': payroll([
      'EMP003',
      'A',
      '0886 000 111',
      '1250,50',
      'USD',
      '2026-01',
    ]),
    'currency-unknown.csv': csv([
      [...HEADER, 'Country'],
      [...GOOD, 'LR'],
      ['EMP003', 'A', '0886 000 111', '100', 'EUR', '2026-01', 'LR'],
    ]),
    // The country is given: without it, RWF alone would make the row Rwandan.
    'currency-not-in-market.csv': csv([
      [...HEADER, 'Country'],
      [...GOOD, 'LR'],
      ['EMP003', 'A', '0886 000 111', '100', 'RWF', '2026-01', 'LR'],
    ]),
    'period-missing.csv': payroll(['EMP003', 'A', '0886 000 111', '100', 'USD', '']),
    'duplicate-in-file.csv': payroll(GOOD),
    'method-unknown.csv': csv([
      [...HEADER, 'Network'],
      [...GOOD, 'MTN'],
      ['EMP003', 'A', '0886 000 111', '100', 'USD', '2026-01', 'Vodafone'],
    ]),
    'email-invalid.csv': csv([
      [...HEADER, 'Email'],
      [...GOOD, 'jerome@example.com'],
      ['EMP003', 'A', '0886 000 111', '100', 'USD', '2026-01', 'not-an-email'],
    ]),
    // The same customer's line, by email only: a Rwandan phone would not fit a USD (Liberia) row.
    'invoice-mixed-currency.csv': invoices([
      'INV-1001',
      'C-01',
      'Kigali Traders',
      '',
      'ap@kigalitraders.rw',
      'Travel',
      '1',
      '40',
      'USD',
      '28/02/2026',
    ]),
    'invoice-bad-due-date.csv': invoices([
      'INV-1002',
      'C-02',
      'Musanze Hotel',
      '0722 987 654',
      '',
      'Hosting',
      '1',
      '5000',
      'RWF',
      '31/02/2026',
    ]),
    'invoice-no-contact.csv': invoices([
      'INV-1002',
      'C-02',
      'Musanze Hotel',
      '',
      '',
      'Hosting',
      '1',
      '5000',
      'RWF',
      '',
    ]),
    'invoice-line-total-decimals.csv': csv([
      INVOICE_HEADER,
      ['INV-9', 'C-09', 'Monrovia Bakery', '0886 222 333', '', 'Flour', '1.5', '0.33', 'USD', ''],
    ]),
    'header-missing-column.csv': csv([
      ['Employee ID', 'Employee Name', 'Mobile Number', 'Period'],
      ['EMP001', 'A', '0886 000 111', '2026-01'],
    ]),
    'no-header.csv': csv([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]),
    'unclosed-quote.csv': `${csvLine(HEADER)}\r\nEMP001,"Jérôme Doe,0886 123 456,100,USD,2026-01\r\n`,
  };
  for (const [name, content] of Object.entries(rows)) write(join(NOT_OK, name), content);
  write(join(NOT_OK, 'empty.csv'), '');
  write(
    join(NOT_OK, 'old-excel.xls'),
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
  );
  write(join(NOT_OK, 'macros.xlsm'), Buffer.from('PK\x03\x04 not really', 'latin1'));
  write(
    join(NOT_OK, 'corrupt.xlsx'),
    Buffer.from('PK\x03\x04 this is not a zip archive at all', 'latin1'),
  );
  write(join(NOT_OK, 'document.pdf'), '%PDF-1.4\n');
  await xlsx(join(NOT_OK, 'xlsx-decimal-phone.xlsx'), [
    {
      name: 'Sheet1',
      rows: [HEADER, GOOD, ['EMP003', 'A', 231886123456.5, 100, 'USD', '2026-01']],
    },
  ]);
}

async function main(): Promise<void> {
  await samples();
  await fixtures();
  process.stdout.write(`Wrote samples to ${SAMPLES} and fixtures to ${OK} and ${NOT_OK}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
