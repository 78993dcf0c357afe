import { Injectable } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { AuditLog } from '../auth/audit-log.service';
import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import { writeFileAtomically } from '../common/atomic-file';
import { exceptionPages } from './exception-rows';
import { detailPages } from './payment-details';
import { ReportError } from './report.errors';
import { parseDay, type ReportFormat, type ReportScope } from './report-scope';
import {
  type ReportContent,
  type ReportCounts,
  writeCsvReport,
  writeJournalCsv,
  writeXlsxReport,
} from './report-writers';

/** Rows read from the database at a time. */
export const REPORT_PAGE_ROWS = 5000;

export interface DailyReport {
  readonly date: string;
  readonly report: string;
  readonly journal: string;
  readonly detailRows: number;
  readonly journalLines: number;
}

/** The reconciliation report (XLSX or CSV) and the accounting journal, streamed from the database. */
@Injectable()
export class ReportService {
  private migrated: Promise<unknown> | undefined;

  constructor(
    private readonly database: DatabaseService,
    private readonly config: AppConfig,
    private readonly auditLog: AuditLog,
  ) {}

  private async dataSource(): Promise<DataSource> {
    this.migrated ??= this.database.migrate();
    await this.migrated;
    return this.database.connect();
  }

  /** Fails with BATCH_NOT_FOUND before anything is written when the batch does not exist. */
  async checkScope(scope: ReportScope): Promise<void> {
    if (scope.kind !== 'batch') return;
    const dataSource = await this.dataSource();
    const found = await dataSource.query<unknown[]>('SELECT id FROM batches WHERE id = ?', [
      scope.batchId,
    ]);
    if (found.length === 0) {
      throw new ReportError('BATCH_NOT_FOUND', `There is no batch ${scope.batchId}.`, {
        batchId: scope.batchId,
      });
    }
  }

  private content(dataSource: DataSource, scope: ReportScope): ReportContent {
    return {
      title: scope.kind === 'batch' ? `batch ${scope.batchId}` : `${scope.from} to ${scope.to}`,
      generatedAt: new Date(),
      detailPages: () => detailPages(dataSource, { scope, pageSize: REPORT_PAGE_ROWS }),
      exceptionPages: () => exceptionPages(dataSource, scope, REPORT_PAGE_ROWS),
      ...(scope.kind === 'batch' ? { audit: () => this.auditLog.forBatch(scope.batchId) } : {}),
    };
  }

  /** Streams the report to `output` (an HTTP response or a file). */
  async stream(scope: ReportScope, format: ReportFormat, output: Writable): Promise<ReportCounts> {
    await this.checkScope(scope);
    const content = this.content(await this.dataSource(), scope);
    return format === 'xlsx' ? writeXlsxReport(content, output) : writeCsvReport(content, output);
  }

  /** Streams the journal (CSV) of the scope's COMPLETED payments; returns its line count. */
  async streamJournal(scope: ReportScope, output: Writable): Promise<number> {
    await this.checkScope(scope);
    const dataSource = await this.dataSource();
    return writeJournalCsv(
      detailPages(dataSource, { scope, completedOnly: true, pageSize: REPORT_PAGE_ROWS }),
      this.config.reports.journalAccounts,
      output,
    );
  }

  /** Writes the report to `path`: a temporary file beside it, renamed when complete. */
  async writeReport(scope: ReportScope, format: ReportFormat, path: string): Promise<ReportCounts> {
    await this.checkScope(scope);
    let counts: ReportCounts | undefined;
    await writeFileAtomically(path, async (output) => {
      counts = await this.stream(scope, format, output);
    });
    return counts as ReportCounts;
  }

  async writeJournal(scope: ReportScope, path: string): Promise<number> {
    await this.checkScope(scope);
    let lines = 0;
    await writeFileAtomically(path, async (output) => {
      lines = await this.streamJournal(scope, output);
    });
    return lines;
  }

  /**
   * The day's reconciliation report and journal (UTC day `date`, YYYY-MM-DD), written to `dir`
   * (default REPORTS_DIR) as reconciliation-DATE.xlsx and journal-DATE.csv. Run by the nightly job.
   */
  async writeDailyReport(
    date: string,
    dir: string = this.config.reports.dir,
  ): Promise<DailyReport> {
    parseDay('date', date);
    const scope: ReportScope = { kind: 'period', from: date, to: date };
    const report = resolve(join(dir, `reconciliation-${date}.xlsx`));
    const journal = resolve(join(dir, `journal-${date}.csv`));
    const counts = await this.writeReport(scope, 'xlsx', report);
    const journalLines = await this.writeJournal(scope, journal);
    return { date, report, journal, detailRows: counts.detailRows, journalLines };
  }
}
