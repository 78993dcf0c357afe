import { Logger } from '@nestjs/common';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { scratchDir } from '../../test/support/processes';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import { DatabaseService } from '../database/database.service';
import { serializeSqliteTransactions } from '../database/sqlite-transactions';
import { ImportRowEntity } from './entities/import-row.entity';
import { ImportTotalEntity } from './entities/import-total.entity';
import { ImportEntity } from './entities/import.entity';
import { INSERT_BATCH_ROWS } from './import-limits';
import { ImportError } from './import.errors';
import { type ImportRequest, ImportService, summaryOf } from './import.service';
import { ImportStore } from './import.store';
import { OriginalFileStore } from './original-files';

const PAYROLL = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period';
const INVOICES =
  'Invoice No,Customer ID,Customer Name,Phone,Email,Item,Qty,Unit Price,Currency,Due Date';

const maker: Actor = { name: 'ama.mensah', role: 'maker', keyId: 7 };

let db: MigratedDatabase;
let dataDir: string;
let files: string;
let service: ImportService;

function serviceWith(env: Record<string, string> = {}): ImportService {
  const config = testConfig(db.database.url, { DATA_DIR: dataDir, ...env });
  const store = new ImportStore(new DatabaseService(db.dataSource, config));
  return new ImportService(
    store,
    new AuditLog(db.dataSource),
    config,
    new OriginalFileStore(config),
  );
}

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  // DatabaseService.connect() does this when it opens the database; here it is already open.
  serializeSqliteTransactions(db.dataSource);
  dataDir = scratchDir();
  files = scratchDir();
  service = serviceWith();
});

afterAll(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

/** A file in a folder of its own, so that every test may use any file name. */
function fileOf(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(files, 'f-')), name);
  writeFileSync(path, content);
  return path;
}

function csv(name: string, lines: string[], header = PAYROLL): string {
  return fileOf(name, `${[header, ...lines].join('\r\n')}\r\n`);
}

function request(path: string, changes: Partial<ImportRequest> = {}): ImportRequest {
  return {
    path,
    fileName: basename(path),
    kind: 'payables',
    dryRun: false,
    createdBy: maker.name,
    ...changes,
  };
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function imported(path: string, changes: Partial<ImportRequest> = {}) {
  const outcome = await service.importFile(request(path, changes));
  const importId = outcome.summary.importId;
  if (importId === null) throw new Error('the import stored nothing');
  return { ...outcome, importId };
}

async function rowsOf(importId: number): Promise<ImportRowEntity[]> {
  return db.dataSource
    .getRepository(ImportRowEntity)
    .find({ where: { importId }, order: { rowNumber: 'ASC' } });
}

async function storedImport(importId: number): Promise<ImportEntity> {
  return db.dataSource
    .getRepository(ImportEntity)
    .findOneOrFail({ where: { id: importId }, relations: { totals: true } });
}

/** How many imports, rows, totals and audit entries are stored. */
async function storedCounts(): Promise<number[]> {
  return Promise.all(
    [ImportEntity, ImportRowEntity, ImportTotalEntity, AuditEventEntity].map((entity) =>
      db.dataSource.getRepository(entity).count(),
    ),
  );
}

function keptOriginal(path: string): string {
  return join(dataDir, 'uploads', sha256Of(path));
}

async function refusal(work: Promise<unknown>): Promise<ImportError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImportError))
    throw new Error(`expected an ImportError, got ${String(error)}`);
  return error;
}

describe('a payroll CSV', () => {
  it('is stored with every row normalised, its totals per currency, and who imported it', async () => {
    const file = csv('december.csv', [
      'A-01,Jérôme Doe,0886 410 001,"1,250.50",USD,2025-12',
      'A-02,Mary Kollie,0770-410-002,300.00,USD,2025-12',
      'A-03,Musu Kamara,0886 410 003,"25,000",LRD,2025-12',
    ]);

    const outcome = await imported(file, { actor: maker });

    expect(outcome.summary).toEqual({
      importId: outcome.importId,
      status: 'imported',
      rows: 3,
      valid: 3,
      invalid: 0,
      duplicates: 0,
      skipped: 0,
      totals: [
        { currency: 'LRD', amount: '25000.00' },
        { currency: 'USD', amount: '1550.50' },
      ],
      invoices: null,
      period: '2025-12',
      periodFrom: 'column',
      warnings: [],
      sheet: null,
      headerRow: 1,
    });
    expect(outcome).toMatchObject({ profile: 'payroll', problems: [], warnings: 0 });

    const stored = await storedImport(outcome.importId);
    expect(stored).toMatchObject({
      kind: 'payables',
      status: 'imported',
      fileName: 'december.csv',
      fileSha256: sha256Of(file),
      fileFormat: 'csv',
      fileSize: readFileSync(file).length,
      profile: 'payroll',
      relationshipType: 'EMPLOYEE',
      headerRow: 1,
      headers: PAYROLL.split(','),
      createdBy: 'ama.mensah',
      rowCount: 3,
      validCount: 3,
      invalidCount: 0,
      duplicateCount: 0,
      skippedCount: 0,
      period: '2025-12',
      periodFrom: 'column',
    });
    expect(stored.totals).toHaveLength(2);
    expect(stored.totals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ currency: 'LRD', amountMinor: 2_500_000n }),
        expect.objectContaining({ currency: 'USD', amountMinor: 155_050n }),
      ]),
    );
    expect(summaryOf(stored)).toEqual(outcome.summary);

    const rows = await rowsOf(outcome.importId);
    expect(rows.map((r) => [r.rowNumber, r.status, r.currency, r.amountMinor])).toEqual([
      [2, 'valid', 'USD', 125_050n],
      [3, 'valid', 'USD', 30_000n],
      [4, 'valid', 'LRD', 2_500_000n],
    ]);
    expect(rows[0]).toMatchObject({
      raw: ['A-01', 'Jérôme Doe', '0886 410 001', '1,250.50', 'USD', '2025-12'],
      fields: {
        external_ref: 'A-01',
        full_name: 'Jérôme Doe',
        phone: '231886410001',
        country_code: 'LR',
        amount: '1250.50',
        currency: 'USD',
        period: '2025-12',
      },
      errors: [],
      warnings: [],
    });
    expect(rows[1]?.fields?.phone).toBe('231770410002');

    const audit = await db.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ importId: outcome.importId });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'import.created',
        actor: 'ama.mensah',
        role: 'maker',
        apiKeyId: 7,
        subjectType: 'import',
        subjectId: outcome.importId,
        details: expect.objectContaining({ rows: 3, valid: 3, invalid: 0 }) as unknown,
      }),
    ]);
    expect(readFileSync(keptOriginal(file))).toEqual(readFileSync(file));
  });

  it('with bad rows is stored whole, each bad row invalid with its column, value and rule, and out of the totals', async () => {
    const file = csv('january.csv', [
      'B-01,Jérôme Doe,0886 420 001,"1,250.50",USD,2026-01',
      'B-03,Scientific Phone,"2,50788E+11",100,USD,2026-01',
      'B-04,,0886 420 004,100,USD,2026-01',
      'B-05,Negative Pay,0886 420 005,-50,USD,2026-01',
      'B-06,Too Precise,0886 420 006,10.555,USD,2026-01',
      'B-07,Rwandan Phone,+250 788 420 007,100,USD,2026-01',
      'B-01,Jérôme Doe,0886 420 001,"1,250.50",USD,2026-01',
    ]);

    const outcome = await imported(file);

    expect(outcome.summary).toMatchObject({
      status: 'imported',
      rows: 7,
      valid: 1,
      invalid: 5,
      duplicates: 1,
      totals: [{ currency: 'USD', amount: '1250.50' }],
    });
    expect(outcome.problems).toEqual([
      'Row 3: Mobile Number "2,50788E+11" was turned into a number by Excel (scientific notation or decimals), so digits are lost: format the column as Text and enter the numbers again',
      'Row 4: Employee Name is missing: every row needs the name of the person or company',
      'Row 5: Net Pay "-50" must be more than zero',
      'Row 6: Net Pay "10.555" has 3 decimals, but USD amounts have at most 2',
      'Row 7: Mobile Number "+250 788 420 007" is a Rwanda number (+250) but the country is Liberia',
    ]);

    const rows = await rowsOf(outcome.importId);
    expect(rows.map((r) => [r.rowNumber, r.status])).toEqual([
      [2, 'valid'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
      [7, 'invalid'],
      [8, 'duplicate'],
    ]);
    expect(rows.filter((r) => r.status === 'invalid').map((r) => r.errors)).toEqual([
      [
        {
          column: 'Mobile Number',
          value: '2,50788E+11',
          message: expect.stringMatching(/^was turned into a number by Excel/) as unknown,
        },
      ],
      [
        {
          column: 'Employee Name',
          value: '',
          message: expect.stringMatching(/^is missing/) as unknown,
        },
      ],
      [{ column: 'Net Pay', value: '-50', message: 'must be more than zero' }],
      [
        {
          column: 'Net Pay',
          value: '10.555',
          message: 'has 3 decimals, but USD amounts have at most 2',
        },
      ],
      [
        {
          column: 'Mobile Number',
          value: '+250 788 420 007',
          message: 'is a Rwanda number (+250) but the country is Liberia',
        },
      ],
    ]);
    expect(rows[6]).toMatchObject({
      duplicateOfImportId: outcome.importId,
      duplicateOfRow: 2,
      warnings: [
        {
          column: '',
          value: '',
          message: 'is a duplicate of row 2 of this file: it is not paid twice',
        },
      ],
    });
    expect(await storedImport(outcome.importId)).toMatchObject({
      rowCount: 7,
      validCount: 1,
      invalidCount: 5,
      duplicateCount: 1,
      totals: [expect.objectContaining({ currency: 'USD', amountMinor: 125_050n })],
    });
  });

  it('records a phone shared by two payees as a warning on the later row, and pays both', async () => {
    const file = csv('shared.csv', [
      'C-01,Fatu Sirleaf,0886 430 001,200,USD,2026-02',
      'C-02,Joseph Boakai,0886 430 001,210,USD,2026-02',
    ]);

    const outcome = await imported(file);

    expect(outcome.summary).toMatchObject({ valid: 2, invalid: 0, duplicates: 0 });
    expect(outcome.warnings).toBe(1);
    expect(outcome.warningLines).toEqual([
      'Row 3: Mobile Number "231886430001" is also the phone of Fatu Sirleaf on row 2: check that two people really share one phone',
    ]);
    const rows = await rowsOf(outcome.importId);
    expect(rows.map((r) => [r.status, r.warnings])).toEqual([
      ['valid', []],
      [
        'valid',
        [
          {
            column: 'Mobile Number',
            value: '231886430001',
            message:
              'is also the phone of Fatu Sirleaf on row 2: check that two people really share one phone',
          },
        ],
      ],
    ]);
  });
});

describe('importing again', () => {
  it('refuses the same file under another name, naming the first import, and stores nothing', async () => {
    const file = csv('once.csv', ['D-01,Ade Tubman,0886 440 001,100,USD,2026-02']);
    const first = await imported(file);
    const copy = join(files, 'once-renamed.csv');
    copyFileSync(file, copy);
    const before = await storedCounts();

    const error = await refusal(service.importFile(request(copy)));

    expect(error).toMatchObject({
      code: 'FILE_ALREADY_IMPORTED',
      status: 409,
      details: { importId: first.importId, fileName: 'once.csv' },
    });
    expect(error.message).toContain(`already imported as import ${first.importId} (once.csv`);
    expect(await storedCounts()).toEqual(before);
  });

  it('stores a file given twice at once only once, refusing the other as already imported', async () => {
    const file = csv('twice-at-once.csv', ['E-01,Kou Flomo,0886 450 001,55.00,USD,2026-02']);

    const results = await Promise.allSettled([
      service.importFile(request(file)),
      service.importFile(request(file)),
    ]);

    const stored = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(stored).toHaveLength(1);
    expect(refused).toEqual([
      expect.objectContaining({
        code: 'FILE_ALREADY_IMPORTED',
        details: expect.objectContaining({ importId: stored[0]?.summary.importId }) as unknown,
      }),
    ]);
    expect(
      await db.dataSource.getRepository(ImportEntity).countBy({ fileSha256: sha256Of(file) }),
    ).toBe(1);
  });

  it('marks a payee already imported for the period as a duplicate of the earlier import, but not a row corrected since', async () => {
    const first = await imported(
      csv('march.csv', [
        'F-01,Fatu Sirleaf,0886 460 001,200,USD,2026-03',
        'F-02,Joseph Boakai,0886 460 002,210,USD,2026-03',
        'F-03,Comfort Dahn,0886 460 003,10.555,USD,2026-03',
      ]),
    );
    expect(first.summary).toMatchObject({ valid: 2, invalid: 1 });

    const second = await imported(
      csv('march-corrected.csv', [
        'F-03,Comfort Dahn,0886 460 003,10.55,USD,2026-03',
        'F-02,Joseph Boakai,0886 460 002,215,USD,2026-03',
        'F-01,Fatu Sirleaf,0886 460 001,200,USD,2026-04',
      ]),
    );

    expect(second.summary).toMatchObject({ rows: 3, valid: 2, duplicates: 1 });
    expect(second.summary.totals).toEqual([{ currency: 'USD', amount: '210.55' }]);
    const rows = await rowsOf(second.importId);
    expect(
      rows.map((r) => [r.rowNumber, r.status, r.duplicateOfImportId, r.duplicateOfRow]),
    ).toEqual([
      [2, 'valid', null, null],
      [3, 'duplicate', first.importId, 3],
      [4, 'valid', null, null],
    ]);
    expect(rows[1]?.warnings).toEqual([
      {
        column: '',
        value: '',
        message: expect.stringContaining(`import ${first.importId}`) as unknown,
      },
    ]);
  });
});

describe('a dry run', () => {
  it('answers the summary the import gives, stores nothing and keeps no copy of the file', async () => {
    const file = csv('april.csv', [
      'G-01,Anna Cooper,0770 470 001,300,USD,2026-04',
      'G-02,Anna Cooper Twin,0770 470 002,12.345,USD,2026-04',
    ]);
    const before = await storedCounts();

    const dry = await service.importFile(request(file, { dryRun: true }));

    expect(dry.summary).toMatchObject({ importId: null, status: 'dry-run', valid: 1, invalid: 1 });
    expect(dry.problems).toEqual([
      'Row 3: Net Pay "12.345" has 3 decimals, but USD amounts have at most 2',
    ]);
    expect(await storedCounts()).toEqual(before);
    expect(existsSync(keptOriginal(file))).toBe(false);

    const real = await imported(file);
    expect(real.summary).toEqual({ ...dry.summary, importId: real.importId, status: 'imported' });
    expect(real.problems).toEqual(dry.problems);
  });
});

describe('a file refused part-way through its rows', () => {
  it('leaves nothing stored: no import, rows, totals, audit entry or copy of the file', async () => {
    // Rows are stored a batch at a time: the first batch is written before the limit is passed.
    const rowCount = INSERT_BATCH_ROWS + 60;
    const lines = Array.from(
      { length: rowCount },
      (_, i) => `H-${i},Payee ${i},0886 ${480_000 + i},10,USD,2026-05`,
    );
    const file = csv('long.csv', lines);
    const limited = serviceWith({ IMPORT_MAX_ROWS: String(INSERT_BATCH_ROWS + 50) });
    const before = await storedCounts();

    const error = await refusal(limited.importFile(request(file)));

    expect(error).toMatchObject({
      code: 'TOO_MANY_ROWS',
      details: { maxRows: INSERT_BATCH_ROWS + 50 },
    });
    expect(error.message).toContain('nothing was stored');
    expect(await storedCounts()).toEqual(before);
    expect(existsSync(keptOriginal(file))).toBe(false);

    // Not even its fingerprint was kept: under the usual limit the same file imports.
    expect((await imported(file)).summary).toMatchObject({ rows: rowCount, valid: rowCount });
  });
});

describe('the pay period', () => {
  it('is the month of the import when the file names none, with a warning kept with the import', async () => {
    // A Windows-1252, semicolon-separated export with no period anywhere.
    const file = fileOf(
      'salaires.csv',
      iconv.encode(
        'Matricule;Nom;Téléphone;Net à payer;Devise\r\nM-1;Jérôme Zébédée;0886 490 001;125.50;USD\r\n',
        'win1252',
      ),
    );
    const monthBefore = new Date().toISOString().slice(0, 7);

    const outcome = await imported(file);

    const month = outcome.summary.period;
    expect([monthBefore, new Date().toISOString().slice(0, 7)]).toContain(month);
    expect(outcome.summary).toMatchObject({ valid: 1, periodFrom: 'import-date' });
    expect(outcome.summary.warnings).toEqual([
      expect.stringContaining(
        `No pay period was found in the file (no period column, and none in its title rows, sheet name or file name): rows without a period or reference are paid for the month of the import, ${month}.`,
      ),
    ]);
    const stored = await storedImport(outcome.importId);
    expect(stored).toMatchObject({ period: month, periodFrom: 'import-date' });
    expect(summaryOf(stored).warnings).toEqual(outcome.summary.warnings);
    const [row] = await rowsOf(outcome.importId);
    expect(row?.fields).toMatchObject({
      full_name: 'Jérôme Zébédée',
      period: month,
      amount: '125.50',
    });
  });

  it('given with the import is taken in its one form: the same month written another way is a duplicate', async () => {
    const lines = ['P-1,Musu Doe,0886 491 001,80.00,USD', 'P-2,Ben Tarr,0770 491 002,90.00,USD'];
    const header = 'Employee ID,Name,Phone,Amount,Currency';

    const first = await imported(csv('plain.csv', lines, header), { period: 'Nov-26' });
    expect(first.summary).toMatchObject({ valid: 2, period: '2026-11', periodFrom: 'option' });
    expect((await rowsOf(first.importId)).map((r) => r.fields?.period)).toEqual([
      '2026-11',
      '2026-11',
    ]);

    // A blank line at the end: other bytes, so not refused as the same file.
    const again = await imported(csv('plain-again.csv', [...lines, ''], header), {
      period: 'novembre 2026',
    });
    expect(again.summary).toMatchObject({ valid: 0, duplicates: 2, period: '2026-11' });
  });
});

describe('receivables', () => {
  it('leave out an invoice with a bad line whole: its good lines are stored invalid and out of the totals', async () => {
    const file = csv(
      'invoices.csv',
      [
        'INV-501,C-01,Kigali Traders,0788 510 001,,Consulting,2,"15,000",RWF,28/02/2026',
        'INV-501,C-01,Kigali Traders,0788 510 001,,Travel,1,"42,500",RWF,28/02/2026',
        'INV-502,C-02,Musanze Hotel,0788 510 002,,Hosting,12,"5,000",RWF,15/03/2026',
        'INV-502,C-02,Musanze Hotel,,ap@musanze.rw,Domain,1,40,USD,15/03/2026',
      ],
      INVOICES,
    );

    const outcome = await imported(file, { kind: 'receivables' });

    expect(outcome.summary).toMatchObject({
      rows: 4,
      valid: 2,
      invalid: 2,
      invoices: 1,
      totals: [{ currency: 'RWF', amount: '72500' }],
    });
    expect(outcome.problems).toEqual([
      'Row 5: Currency "USD" differs: the currency must be the same on every line of invoice INV-502 (see row 4)',
      'Row 4 is left out with invoice INV-502: its line on row 5 has a problem',
    ]);
    const rows = await rowsOf(outcome.importId);
    expect(rows.map((r) => [r.rowNumber, r.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'invalid'],
      [5, 'invalid'],
    ]);
    expect(rows[2]?.errors).toEqual([
      {
        column: '',
        value: '',
        message:
          'is left out with invoice INV-502: its line on row 5 has a problem, and part of an invoice is never billed',
      },
    ]);
    expect(await storedImport(outcome.importId)).toMatchObject({
      validCount: 2,
      invalidCount: 2,
      invoiceCount: 1,
      totals: [expect.objectContaining({ currency: 'RWF', amountMinor: 72_500n })],
    });

    // The corrected invoice is new; the one billed already is a duplicate.
    const corrected = await imported(
      csv(
        'invoices-corrected.csv',
        [
          'INV-502,C-02,Musanze Hotel,0788 510 002,,Hosting,12,"5,000",RWF,15/03/2026',
          'INV-502,C-02,Musanze Hotel,0788 510 002,,Domain,1,"40,000",RWF,15/03/2026',
          'INV-501,C-01,Kigali Traders,0788 510 001,,Consulting,2,"15,000",RWF,28/02/2026',
        ],
        INVOICES,
      ),
      { kind: 'receivables' },
    );
    expect(corrected.summary).toMatchObject({
      valid: 2,
      duplicates: 1,
      invoices: 1,
      totals: [{ currency: 'RWF', amount: '100000' }],
    });
  });
});

describe('refusals before reading', () => {
  it.each<{ name: string; changes: Partial<ImportRequest>; message: RegExp }>([
    {
      name: 'an unknown type',
      changes: { kind: 'invoices' },
      message: /payables or receivables, not "invoices"/,
    },
    {
      name: 'an unknown country',
      changes: { country: 'GH' },
      message: /LR \(Liberia\) or RW \(Rwanda\), not "GH"/,
    },
    {
      name: 'an unknown currency',
      changes: { currency: 'EUR' },
      message: /USD, LRD or RWF, not "EUR"/,
    },
    {
      name: 'a currency the country does not pay in',
      changes: { country: 'rw', currency: 'usd' },
      message: /USD is not paid in Rwanda: use RWF/,
    },
    {
      name: 'a period for receivables',
      changes: { kind: 'receivables', period: '2026-11' },
      message: /A period is for payables/,
    },
  ])('refuses $name, storing nothing', async ({ changes, message }) => {
    const file = csv('options.csv', ['Q-01,Musu Doe,0886 492 001,80.00,USD,2026-06']);
    const before = await storedCounts();

    const error = await refusal(service.importFile(request(file, changes)));

    expect(error).toMatchObject({ code: 'IMPORT_OPTIONS_INVALID', status: 400 });
    expect(error.message).toMatch(message);
    expect(await storedCounts()).toEqual(before);
  });

  it('refuses a file over UPLOAD_MAX_BYTES, saying how large it is and what is accepted', async () => {
    const path = join(mkdtempSync(join(files, 'f-')), 'huge.csv');
    const fd = openSync(path, 'w');
    try {
      // Sparse: only its size is looked at.
      ftruncateSync(fd, 1.5 * 1024 * 1024);
    } finally {
      closeSync(fd);
    }
    const limited = serviceWith({ UPLOAD_MAX_BYTES: String(1024 * 1024) });

    const error = await refusal(limited.importFile(request(path)));

    expect(error).toMatchObject({
      code: 'FILE_TOO_LARGE',
      status: 413,
      details: { size: 1.5 * 1024 * 1024, maxBytes: 1024 * 1024 },
    });
    expect(error.message).toBe(
      'The file huge.csv is 1.5 MiB; the largest accepted is 1 MiB (UPLOAD_MAX_BYTES). Split it into smaller files.',
    );
  });
});
