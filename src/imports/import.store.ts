import { Injectable } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import { type DataSource, type EntityManager, LessThan } from 'typeorm';
import { type Page, type PageRequest, pageOf } from '../common/paging';
import { toBigInt } from '../database/columns';
import { DatabaseService } from '../database/database.service';
import { fetchPage } from '../database/paged-query';
import type { CurrencyCode, MarketCode } from '../money/currency';
import { ImportRowEntity } from './entities/import-row.entity';
import { ImportTotalEntity } from './entities/import-total.entity';
import { ImportEntity } from './entities/import.entity';
import type {
  DuplicatePointer,
  ImportKind,
  PeriodOfImport,
  RowFields,
  RowIssue,
  RowStatus,
  StorableRow,
} from './import.types';
import { partyOf, type RowParty } from './row-party';
import type { BrokenInvoice } from './stored-row-checks';
import type { FileFormat } from './readers/file-format';
import type { SheetState } from './readers/xlsx.reader';

export interface NewImport {
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileFormat: FileFormat;
  readonly fileSize: number;
  readonly profile: string;
  readonly relationshipType: string;
  readonly country: MarketCode | null;
  readonly currency: CurrencyCode | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface CompletedImport extends PeriodOfImport {
  readonly sheet: string | null;
  /** `hidden` or `veryHidden` when the sheet read is hidden in Excel. */
  readonly sheetState: SheetState | null;
  readonly headerRow: number;
  readonly headers: readonly string[];
  readonly counts: Readonly<Record<RowStatus, number>>;
  readonly invoices: number | null;
  readonly totals: ReadonlyMap<CurrencyCode, bigint>;
}

const ROW_COLUMNS = [
  'import_id',
  'row_number',
  'status',
  'raw',
  'fields',
  'currency',
  'amount_minor',
  'dedupe_key',
  'errors',
  'warnings',
  'duplicate_of_import_id',
  'duplicate_of_row',
];
const ROW_PLACEHOLDERS = `(${ROW_COLUMNS.map(() => '?').join(', ')})`;

/** `INSERT INTO import_rows (…) VALUES` with quoted columns (row_number is reserved in MariaDB). */
function insertRowsSql(escape: (name: string) => string, rowCount: number): string {
  return `INSERT INTO import_rows (${ROW_COLUMNS.map(escape).join(', ')}) VALUES ${Array.from({ length: rowCount }, () => ROW_PLACEHOLDERS).join(', ')}`;
}

const EMPTY_LIST = '[]';

/** Rows per SQLite INSERT: 50 × 12 parameters, well under SQLite's limit of 32,766. */
const SQLITE_ROWS_PER_STATEMENT = 50;

/** Writes the parameters of one row into `into` from `at`; returns the position after them. */
function putRowParameters(into: unknown[], at: number, importId: number, row: StorableRow): number {
  into[at] = importId;
  into[at + 1] = row.rowNumber;
  into[at + 2] = row.status;
  into[at + 3] = row.raw;
  into[at + 4] = row.fields;
  into[at + 5] = row.currency;
  into[at + 6] = row.amountMinor === null ? null : row.amountMinor.toString();
  // Duplicates of earlier imports are stored without their key, like every non-valid row.
  into[at + 7] = row.status === 'valid' ? row.dedupeKey : null;
  into[at + 8] = row.errors.length === 0 ? EMPTY_LIST : JSON.stringify(row.errors);
  into[at + 9] = row.warnings.length === 0 ? EMPTY_LIST : JSON.stringify(row.warnings);
  into[at + 10] = row.duplicateOf === null ? null : (row.duplicateOf.importId ?? importId);
  into[at + 11] = row.duplicateOf?.row ?? null;
  return at + ROW_COLUMNS.length;
}

function isBefore(a: DuplicatePointer, b: DuplicatePointer): boolean {
  const aImport = a.importId ?? 0;
  const bImport = b.importId ?? 0;
  return aImport < bImport || (aImport === bImport && a.row < b.row);
}

/** MySQL/MariaDB named lock held while an import is written: imports run one at a time. */
const IMPORT_LOCK = 'dollr_connector_import';
const IMPORT_LOCK_WAIT_SECONDS = 120;

/** Writes of one import, inside its transaction. */
export class ImportWriter {
  constructor(readonly manager: EntityManager) {}

  async create(values: NewImport): Promise<number> {
    const result = await this.manager.insert(ImportEntity, {
      ...values,
      status: 'imported',
      sheet: null,
      headerRow: 0,
      headers: [],
    });
    const id = (result.identifiers[0] as { id?: number } | undefined)?.id;
    if (typeof id !== 'number') throw new Error('the database returned no id for the import');
    return id;
  }

  /**
   * For each key, the first valid row with it in an earlier import, else (`withThisImport`) in
   * this one.
   */
  async firstRowsWithKeys(
    keys: readonly string[],
    importId: number,
    withThisImport: boolean,
  ): Promise<Map<string, DuplicatePointer>> {
    const found = new Map<string, DuplicatePointer>();
    if (keys.length === 0) return found;
    // Keys are compared here, not grouped by the database: MariaDB's collation takes "février"
    // and "fevrier" for one key, and a group shows only one of its spellings.
    const sql = `SELECT dedupe_key AS dedupe_key, import_id AS import_id, ${this.escape('row_number')} AS row_no
         FROM import_rows
        WHERE dedupe_key IN (${keys.map(() => '?').join(', ')})${withThisImport ? '' : ' AND import_id <> ?'}`;
    const parameters = withThisImport ? keys : [...keys, importId];
    const sqlite = this.sqliteConnection();
    const rows = (
      sqlite === null
        ? await this.manager.query(sql, parameters)
        : this.prepared(sqlite, sql).all(...parameters)
    ) as { dedupe_key: string; import_id: number | string; row_no: number | string }[];
    const wanted = new Set(keys);
    for (const row of rows) {
      if (!wanted.has(row.dedupe_key)) continue;
      const pointer = { importId: Number(row.import_id), row: Number(row.row_no) };
      const before = found.get(row.dedupe_key);
      // The earliest import first (this one, the newest, last), then its first row.
      if (before === undefined || isBefore(pointer, before)) found.set(row.dedupe_key, pointer);
    }
    return found;
  }

  /** The parties of rows of this import already written, by row number. */
  async partiesOfRows(
    importId: number,
    rowNumbers: readonly number[],
  ): Promise<Map<number, RowParty>> {
    const found = new Map<number, RowParty>();
    if (rowNumbers.length === 0) return found;
    const rows = await this.manager.query<{ row_no: number | string; fields: string | null }[]>(
      `SELECT ${this.escape('row_number')} AS row_no, fields AS fields FROM import_rows
        WHERE import_id = ? AND ${this.escape('row_number')} IN (${rowNumbers.map(() => '?').join(', ')})`,
      [importId, ...rowNumbers],
    );
    for (const row of rows) {
      const fields = row.fields === null ? null : (JSON.parse(row.fields) as RowFields);
      found.set(Number(row.row_no), partyOf(fields));
    }
    return found;
  }

  /**
   * Marks the valid lines of invoices that have an invalid line as invalid too, saying why:
   * part of an invoice is never billed. Those lines were valid when stored, so had no errors.
   * Returns what they came to, per currency, to take out of the import's totals.
   */
  async leaveOutInvoiceLines(
    importId: number,
    broken: readonly BrokenInvoice[],
  ): Promise<Map<CurrencyCode, bigint>> {
    const removed = new Map<CurrencyCode, bigint>();
    for (const invoice of broken) {
      const issue: RowIssue = {
        column: '',
        value: '',
        message: `is left out with invoice ${invoice.invoiceNumber}: its line on row ${invoice.firstInvalidRow} has a problem, and part of an invoice is never billed`,
      };
      for (let i = 0; i < invoice.validRows.length; i += 500) {
        const rows = invoice.validRows.slice(i, i + 500);
        const where = `import_id = ? AND ${this.escape('row_number')} IN (${rows.map(() => '?').join(', ')})`;
        const amounts = await this.manager.query<{ currency: CurrencyCode; minor: unknown }[]>(
          `SELECT currency AS currency, amount_minor AS minor FROM import_rows WHERE ${where} AND status = 'valid'`,
          [importId, ...rows],
        );
        for (const { currency, minor } of amounts) {
          if (minor !== null)
            removed.set(currency, (removed.get(currency) ?? 0n) + toBigInt(minor));
        }
        await this.manager.query(
          `UPDATE import_rows SET status = 'invalid', dedupe_key = NULL, errors = ? WHERE ${where}`,
          [JSON.stringify([issue]), importId, ...rows],
        );
      }
    }
    return removed;
  }

  async insertRows(importId: number, rows: readonly StorableRow[]): Promise<void> {
    if (rows.length === 0) return;
    const sqlite = this.sqliteConnection();
    if (sqlite === null) {
      const parameters = new Array<unknown>(rows.length * ROW_COLUMNS.length);
      let at = 0;
      for (const row of rows) at = putRowParameters(parameters, at, importId, row);
      await this.manager.query(insertRowsSql(this.escape, rows.length), parameters);
      return;
    }
    // better-sqlite3 is synchronous and in-process: prepared statements of a few dozen rows each
    // are several times faster than TypeORM's query() with one 6,000-parameter statement.
    const many = this.prepared(sqlite, insertRowsSql(this.escape, SQLITE_ROWS_PER_STATEMENT));
    const parameters = new Array<unknown>(SQLITE_ROWS_PER_STATEMENT * ROW_COLUMNS.length);
    let next = 0;
    for (; next + SQLITE_ROWS_PER_STATEMENT <= rows.length; next += SQLITE_ROWS_PER_STATEMENT) {
      let at = 0;
      for (let i = next; i < next + SQLITE_ROWS_PER_STATEMENT; i += 1) {
        at = putRowParameters(parameters, at, importId, rows[i]);
      }
      many.run(parameters);
    }
    const one = this.prepared(sqlite, insertRowsSql(this.escape, 1));
    const single = new Array<unknown>(ROW_COLUMNS.length);
    for (; next < rows.length; next += 1) {
      putRowParameters(single, 0, importId, rows[next]);
      one.run(single);
    }
  }

  private readonly escape = (name: string): string => this.manager.connection.driver.escape(name);

  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private prepared(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The better-sqlite3 connection under TypeORM, when the database is SQLite. */
  private sqliteConnection(): BetterSqlite3.Database | null {
    if (this.manager.connection.options.type !== 'better-sqlite3') return null;
    return (
      this.manager.connection.driver as unknown as { databaseConnection: BetterSqlite3.Database }
    ).databaseConnection;
  }

  async complete(importId: number, done: CompletedImport): Promise<void> {
    await this.manager.update(ImportEntity, importId, {
      sheet: done.sheet,
      sheetState: done.sheetState,
      headerRow: done.headerRow,
      headers: [...done.headers],
      rowCount: Object.values(done.counts).reduce((a, b) => a + b, 0),
      validCount: done.counts.valid,
      invalidCount: done.counts.invalid,
      duplicateCount: done.counts.duplicate,
      skippedCount: done.counts.skipped,
      invoiceCount: done.invoices,
      period: done.period,
      periodFrom: done.periodFrom,
    });
    const totals = [...done.totals].map(([currency, amountMinor]) => ({
      importId,
      currency,
      amountMinor,
    }));
    if (totals.length > 0) await this.manager.insert(ImportTotalEntity, totals);
  }
}

/** Every database access of imports. */
@Injectable()
export class ImportStore {
  private migrated: Promise<unknown> | undefined;

  constructor(private readonly database: DatabaseService) {}

  /** The open database, migrated once (the CLI may run before the service ever started). */
  private async dataSource(): Promise<DataSource> {
    this.migrated ??= this.database.migrate();
    await this.migrated;
    return this.database.connect();
  }

  async findBySha256(sha256: string): Promise<ImportEntity | null> {
    return (await this.dataSource()).getRepository(ImportEntity).findOneBy({ fileSha256: sha256 });
  }

  /**
   * Runs `work` in one transaction: all of an import's rows are stored, or none. On MySQL the
   * imports also take a named lock, so two imports at once cannot both miss each other's
   * duplicates (SQLite lets one writer in at a time anyway).
   */
  async write<T>(work: (writer: ImportWriter) => Promise<T>): Promise<T> {
    const dataSource = await this.dataSource();
    const mysql = dataSource.options.type === 'mysql';
    return dataSource.transaction(async (manager) => {
      if (!mysql) return work(new ImportWriter(manager));
      const [lock] = await manager.query<{ acquired: number | string | null }[]>(
        'SELECT GET_LOCK(?, ?) AS acquired',
        [IMPORT_LOCK, IMPORT_LOCK_WAIT_SECONDS],
      );
      if (Number(lock?.acquired) !== 1) {
        throw new Error(
          `another import ran for more than ${IMPORT_LOCK_WAIT_SECONDS} s; try again`,
        );
      }
      try {
        return await work(new ImportWriter(manager));
      } finally {
        await manager.query('SELECT RELEASE_LOCK(?)', [IMPORT_LOCK]);
      }
    });
  }

  /** Imports newest first, a page at a time. */
  async list(request: PageRequest): Promise<Page<ImportEntity>> {
    const rows = await (await this.dataSource()).getRepository(ImportEntity).find({
      where: request.after === undefined ? {} : { id: LessThan(request.after) },
      relations: { totals: true },
      order: { id: 'DESC' },
      take: request.limit + 1,
      skip: request.offset ?? 0,
    });
    return pageOf(rows, request, (row) => row.id);
  }

  async get(id: number): Promise<ImportEntity | null> {
    return (await this.dataSource())
      .getRepository(ImportEntity)
      .findOne({ where: { id }, relations: { totals: true } });
  }

  /** A page of rows in file order, after the row with id `afterId`. */
  async rows(
    importId: number,
    options: { statuses?: readonly RowStatus[]; afterId: number; limit: number },
  ): Promise<ImportRowEntity[]> {
    const query = (await this.dataSource())
      .getRepository(ImportRowEntity)
      .createQueryBuilder('r')
      .where('r.import_id = :importId', { importId })
      .andWhere('r.id > :afterId', { afterId: options.afterId })
      .orderBy('r.id', 'ASC')
      .take(options.limit);
    if (options.statuses !== undefined) {
      query.andWhere('r.status IN (:...statuses)', { statuses: options.statuses });
    }
    return query.getMany();
  }

  /** A page of rows in file order. */
  async rowsPage(
    importId: number,
    status: RowStatus | undefined,
    request: PageRequest,
  ): Promise<Page<ImportRowEntity>> {
    const query = (await this.dataSource())
      .getRepository(ImportRowEntity)
      .createQueryBuilder('r')
      .where('r.import_id = :importId', { importId });
    if (status !== undefined) query.andWhere('r.status = :status', { status });
    return fetchPage(query, 'r.id', 'ASC', request);
  }
}
