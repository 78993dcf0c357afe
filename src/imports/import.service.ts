import { Injectable, Logger } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { type Actor, SYSTEM_ACTOR } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AppConfig } from '../config/app-config';
import { formatMinorUnits } from '../money/amount-input';
import {
  type CurrencyCode,
  isCurrencyCode,
  isMarketCode,
  MARKETS,
  type MarketCode,
} from '../money/currency';
import type { ImportEntity } from './entities/import.entity';
import { ImportError } from './import.errors';
import { type CompletedImport, ImportStore, type ImportWriter } from './import.store';
import {
  IMPORT_KINDS,
  type ImportKind,
  type ImportSummary,
  type PeriodOfImport,
  type RowStatus,
  type StorableRow,
} from './import.types';
import { describeIssue } from './issue-text';
import { type ImportPeriod, normalisePeriod } from './normalise/period';
import { defaultProfileName, loadProfile } from './profiles/profile.loader';
import type { ImportProfile } from './profiles/profile.types';
import { checkFileContent } from './readers/file-content';
import { fingerprintFile } from './readers/file-fingerprint';
import { fileLayout } from './readers/open-file';
import { StoredRowChecks } from './stored-row-checks';
import type { ReadJob } from './row-reading/read-rows';
import { mayReadOnWorker, ReaderThread, readRows, readsOnWorker } from './row-reading/row-source';
import { OriginalFileStore } from './original-files';

export interface ImportRequest {
  /** Where the file is on disk. */
  readonly path: string;
  /** The name the user knows it by (the upload's original name). */
  readonly fileName: string;
  readonly kind: string;
  /** The mapping profile, already found (ProfilesService); the kind's built-in one when absent. */
  readonly profile?: ImportProfile;
  readonly sheet?: string;
  readonly country?: string;
  readonly currency?: string;
  /** The pay period of payables that name neither a period nor a reference (--period). */
  readonly period?: string;
  readonly dryRun: boolean;
  readonly createdBy: string;
  /** Who imports, for the audit log (default: the connector itself). */
  readonly actor?: Actor;
}

export interface ImportOutcome {
  readonly summary: ImportSummary;
  readonly profile: string;
  readonly sheet: string | null;
  readonly headerRow: number;
  /** The first problems, one line each, for people. */
  readonly problems: string[];
  readonly warnings: number;
  /** The first warnings, one line each naming its row, for people. */
  readonly warningLines: string[];
}

/** Lines of problems kept for the human-readable outcome. */
const PROBLEMS_SHOWN = 20;

class DryRunRollback extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('dry run: rolled back');
  }
}

interface ValidatedOptions {
  readonly kind: ImportKind;
  readonly profile: ImportProfile;
  readonly country?: MarketCode;
  readonly currency?: CurrencyCode;
  readonly period?: ImportPeriod;
}

/** Imports one file: read, map, normalise, validate, mark duplicates, and store it all or nothing. */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    private readonly store: ImportStore,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
    private readonly originals: OriginalFileStore,
  ) {}

  async importFile(request: ImportRequest): Promise<ImportOutcome> {
    const options = this.validateOptions(request);
    const size = await this.checkSize(request.path, request.fileName);
    // Started before the checks below, which its start-up then overlaps; unused for a workbook.
    const thread = mayReadOnWorker(request.fileName, size, this.config.imports.workerMinBytes)
      ? new ReaderThread()
      : null;
    try {
      return await this.importSizedFile(request, options, thread);
    } finally {
      await thread?.stop();
    }
  }

  private async importSizedFile(
    request: ImportRequest,
    options: ValidatedOptions,
    thread: ReaderThread | null,
  ): Promise<ImportOutcome> {
    const fingerprint = await fingerprintFile(request.path);
    await checkFileContent(request.path, request.fileName, fingerprint);
    const earlier = await this.store.findBySha256(fingerprint.sha256);
    if (earlier !== null) throw alreadyImported(earlier);
    const layout = fileLayout(request.fileName, fingerprint);
    const job: ReadJob = {
      path: request.path,
      layout,
      sheet: request.sheet ?? options.profile.sheet,
      options: {
        profile: options.profile,
        country: options.country,
        currency: options.currency,
        period: options.period,
        fileName: request.fileName,
        importMonth: new Date().toISOString().slice(0, 7),
      },
    };
    const reader = readsOnWorker(layout, fingerprint.size, this.config.imports.workerMinBytes)
      ? thread
      : null;
    // A thread not needed (a workbook) gives its memory back before the reading starts.
    if (reader === null) await thread?.stop();
    this.logger.debug(
      `Reading ${request.fileName} (${fingerprint.size} bytes) ${reader === null ? 'on the main thread' : 'on a worker thread'}`,
    );

    const run = async (writer: ImportWriter): Promise<ImportOutcome> => {
      const importId = await writer.create({
        kind: options.kind,
        fileName: request.fileName,
        fileSha256: fingerprint.sha256,
        fileFormat: layout.format,
        fileSize: fingerprint.size,
        profile: options.profile.name,
        relationshipType: options.profile.relationship,
        country: options.country ?? null,
        currency: options.currency ?? null,
        createdBy: request.createdBy,
        createdAt: new Date(),
      });
      const outcome = await this.processRows(writer, importId, options, job, reader);
      const summary = request.dryRun
        ? { ...outcome.summary, importId: null, status: 'dry-run' as const }
        : outcome.summary;
      if (request.dryRun) throw new DryRunRollback({ ...outcome, summary });
      await this.audit.record(writer.manager, {
        actor: request.actor ?? SYSTEM_ACTOR,
        action: 'import.created',
        subject: { type: 'import', id: importId },
        details: {
          fileName: request.fileName,
          type: options.kind,
          rows: summary.rows,
          valid: summary.valid,
          invalid: summary.invalid,
          duplicates: summary.duplicates,
          totals: summary.totals,
        },
      });
      // Kept before the rows commit, so no import is ever without its file; if the commit then
      // fails, the copy is reused by the next import of the same file (it is named by its hash).
      await this.originals.keep(request.path, fingerprint.sha256);
      return outcome;
    };

    try {
      return await this.store.write(run);
    } catch (error) {
      if (error instanceof DryRunRollback) return error.outcome;
      if (isUniqueViolation(error)) {
        const winner = await this.store.findBySha256(fingerprint.sha256);
        if (winner !== null) throw alreadyImported(winner);
      }
      throw error;
    }
  }

  private async processRows(
    writer: ImportWriter,
    importId: number,
    options: ValidatedOptions,
    job: ReadJob,
    reader: ReaderThread | null,
  ): Promise<ImportOutcome> {
    const rowChecks = new StoredRowChecks(options.kind, importId, {
      firstRowsWithKeys: (keys, withThisImport) =>
        writer.firstRowsWithKeys(keys, importId, withThisImport),
      partiesOfRows: (rowNumbers) => writer.partiesOfRows(importId, rowNumbers),
    });
    const counts: Record<RowStatus, number> = { valid: 0, invalid: 0, duplicate: 0, skipped: 0 };
    const totals = new Map<CurrencyCode, bigint>();
    const problems: string[] = [];
    const warningLines: string[] = [];
    let warnings = 0;

    const maxRows = this.config.imports.maxRows;
    let rowCount = 0;
    const store = async (batch: StorableRow[]): Promise<void> => {
      rowCount += batch.length;
      if (rowCount > maxRows) throw tooManyRows(maxRows);
      await rowChecks.checkPage(batch);
      for (const row of batch) {
        counts[row.status] += 1;
        warnings += row.warnings.length;
        for (const issue of row.warnings) {
          if (warningLines.length < PROBLEMS_SHOWN) {
            warningLines.push(describeIssue(row.rowNumber, issue));
          }
        }
        if (row.status === 'valid' && row.currency !== null && row.amountMinor !== null) {
          totals.set(row.currency, (totals.get(row.currency) ?? 0n) + row.amountMinor);
        }
        for (const issue of row.errors) {
          if (problems.length < PROBLEMS_SHOWN) problems.push(describeIssue(row.rowNumber, issue));
        }
      }
      await writer.insertRows(importId, batch);
    };

    const read = await readRows(job, reader, store);
    // Part of an invoice is never billed: the valid lines of an invoice with an invalid line
    // are left out with it, and out of the totals.
    const broken = rowChecks.brokenInvoices();
    if (broken.length > 0) {
      const removed = await writer.leaveOutInvoiceLines(importId, broken);
      for (const invoice of broken) {
        counts.valid -= invoice.validRows.length;
        counts.invalid += invoice.validRows.length;
        for (const row of invoice.validRows) {
          if (problems.length < PROBLEMS_SHOWN) {
            problems.push(
              `Row ${row} is left out with invoice ${invoice.invoiceNumber}: its line on row ${invoice.firstInvalidRow} has a problem`,
            );
          }
        }
      }
      for (const [currency, minor] of removed) {
        const left = (totals.get(currency) ?? 0n) - minor;
        if (left === 0n) totals.delete(currency);
        else totals.set(currency, left);
      }
    }

    const done: CompletedImport = {
      sheet: read.sheet,
      sheetState: read.sheetState,
      headerRow: read.headerRow,
      headers: read.headers,
      period: read.period,
      periodFrom: read.periodFrom,
      counts,
      invoices: rowChecks.validInvoices(),
      totals,
    };
    await writer.complete(importId, done);
    return {
      summary: summarise(importId, done),
      profile: options.profile.name,
      sheet: done.sheet,
      headerRow: read.headerRow,
      problems,
      warnings,
      warningLines,
    };
  }

  private validateOptions(request: ImportRequest): ValidatedOptions {
    const kind = request.kind as ImportKind;
    if (!IMPORT_KINDS.includes(kind)) {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        `The import type must be payables or receivables, not "${request.kind}".`,
      );
    }
    const country = request.country?.trim().toUpperCase() || undefined;
    if (country !== undefined && !isMarketCode(country)) {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        `The country must be LR (Liberia) or RW (Rwanda), not "${request.country}".`,
      );
    }
    const currency = request.currency?.trim().toUpperCase() || undefined;
    if (currency !== undefined && !isCurrencyCode(currency)) {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        `The currency must be USD, LRD or RWF, not "${request.currency}".`,
      );
    }
    if (country !== undefined && currency !== undefined) {
      const accepted: readonly string[] = MARKETS[country].currencies;
      if (!accepted.includes(currency)) {
        throw new ImportError(
          'IMPORT_OPTIONS_INVALID',
          `${currency} is not paid in ${MARKETS[country].name}: use ${accepted.join(' or ')}.`,
        );
      }
    }
    const profile = request.profile ?? loadProfile(defaultProfileName(kind));
    if (profile.type !== kind) {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        `The profile "${profile.name}" is for ${profile.type}, but this import is ${kind}.`,
      );
    }
    return { kind, profile, country, currency, period: importPeriodOf(request, kind, profile) };
  }

  /** The file's size in bytes, once it is known to be a file of an accepted size. */
  private async checkSize(path: string, fileName: string): Promise<number> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      throw new ImportError(
        'FILE_NOT_FOUND',
        `The file ${fileName} does not exist or cannot be opened.`,
      );
    }
    if (size === 0) throw new ImportError('FILE_EMPTY', `The file ${fileName} is empty.`);
    const maxBytes = this.config.imports.maxBytes;
    if (size > maxBytes) {
      throw new ImportError(
        'FILE_TOO_LARGE',
        `The file ${fileName} is ${mebibytes(size)} MiB; the largest accepted is ${mebibytes(maxBytes)} MiB (UPLOAD_MAX_BYTES). Split it into smaller files.`,
        { size, maxBytes },
      );
    }
    return size;
  }
}

/** The period given with the import (--period), else the profile's, checked; else none. */
function importPeriodOf(
  request: ImportRequest,
  kind: ImportKind,
  profile: ImportProfile,
): ImportPeriod | undefined {
  const given = request.period?.trim() ?? '';
  if (given === '') {
    return profile.period === undefined ? undefined : { value: profile.period, source: 'profile' };
  }
  if (kind !== 'payables') {
    throw new ImportError(
      'IMPORT_OPTIONS_INVALID',
      'A period is for payables (payroll, supplier bills); invoices have their own due dates.',
    );
  }
  if (given.length > 64 || /\p{Cc}/u.test(given)) {
    throw new ImportError(
      'IMPORT_OPTIONS_INVALID',
      `The period is at most 64 characters of text, such as 2026-11 or "November 2026" (got "${given.slice(0, 64)}").`,
    );
  }
  return { value: normalisePeriod(given), source: 'option' };
}

/** What concerns the whole import, for people. */
function importWarnings(
  done: PeriodOfImport & Pick<CompletedImport, 'sheet' | 'sheetState'>,
): string[] {
  const warnings: string[] = [];
  if (done.sheetState !== null) {
    warnings.push(
      `Sheet "${done.sheet ?? ''}" is ${done.sheetState === 'veryHidden' ? 'very hidden in Excel (only a macro can show it)' : 'hidden in Excel'}: it was read because it was chosen by name. Check that it is the sheet you meant to import; its rows are imported like any other.`,
    );
  }
  if (done.periodFrom === 'import-date') {
    warnings.push(
      `No pay period was found in the file (no period column, and none in its title rows, sheet name or file name): rows without a period or reference are paid for the month of the import${done.period === null ? '' : `, ${done.period}`}. Give the period with the import (--period) to choose another.`,
    );
  }
  return warnings;
}

export function summarise(
  importId: number,
  done: Pick<
    CompletedImport,
    | 'counts'
    | 'invoices'
    | 'totals'
    | 'period'
    | 'periodFrom'
    | 'sheet'
    | 'sheetState'
    | 'headerRow'
  >,
): ImportSummary {
  const { counts } = done;
  return {
    importId,
    status: 'imported',
    rows: counts.valid + counts.invalid + counts.duplicate + counts.skipped,
    valid: counts.valid,
    invalid: counts.invalid,
    duplicates: counts.duplicate,
    skipped: counts.skipped,
    totals: [...done.totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, minor]) => ({ currency, amount: formatMinorUnits(minor, currency) })),
    invoices: done.invoices,
    period: done.period,
    periodFrom: done.periodFrom,
    warnings: importWarnings(done),
    sheet: done.sheet,
    headerRow: done.headerRow,
  };
}

/** The summary of a stored import. */
export function summaryOf(entity: ImportEntity): ImportSummary {
  return summarise(entity.id, {
    counts: {
      valid: entity.validCount,
      invalid: entity.invalidCount,
      duplicate: entity.duplicateCount,
      skipped: entity.skippedCount,
    },
    invoices: entity.invoiceCount,
    totals: new Map((entity.totals ?? []).map((t) => [t.currency, t.amountMinor])),
    period: entity.period,
    periodFrom: entity.periodFrom,
    sheet: entity.sheet,
    sheetState: entity.sheetState,
    headerRow: entity.headerRow,
  });
}

function mebibytes(bytes: number): string {
  return Number((bytes / 1024 / 1024).toFixed(1)).toString();
}

function tooManyRows(maxRows: number): ImportError {
  return new ImportError(
    'TOO_MANY_ROWS',
    `The file has more than ${maxRows} rows, the most one import accepts (IMPORT_MAX_ROWS); nothing was stored. Split it into smaller files.`,
    { maxRows },
  );
}

function alreadyImported(earlier: ImportEntity): ImportError {
  return new ImportError(
    'FILE_ALREADY_IMPORTED',
    `This file was already imported as import ${earlier.id} (${earlier.fileName}, ${earlier.createdAt.toISOString()} by ${earlier.createdBy}); the same file is never imported twice.`,
    {
      importId: earlier.id,
      fileName: earlier.fileName,
      createdAt: earlier.createdAt.toISOString(),
    },
  );
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
