import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../common/paging';
import type { ImportRowEntity } from './entities/import-row.entity';
import type { ImportEntity } from './entities/import.entity';
import { ImportError } from './import.errors';
import { summaryOf } from './import.service';
import { ImportStore } from './import.store';
import type {
  DuplicatePointer,
  ImportKind,
  ImportSummary,
  RowFields,
  RowIssue,
  RowStatus,
} from './import.types';

/** A row as `imports rows` and `GET /imports/:id/rows` show it: the normalised fields at top level. */
export type RowView = RowFields & {
  readonly row: number;
  readonly status: RowStatus;
  readonly errors: readonly RowIssue[];
  readonly warnings: readonly RowIssue[];
  readonly duplicateOf: DuplicatePointer | null;
};

/** An import's summary and what the file was. */
export type ImportView = ImportSummary & {
  readonly type: ImportKind;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileFormat: string;
  readonly fileSize: number;
  readonly profile: string;
  readonly createdBy: string;
  readonly createdAt: string;
};

export function viewOfImport(entity: ImportEntity): ImportView {
  return {
    ...summaryOf(entity),
    type: entity.kind,
    fileName: entity.fileName,
    fileSha256: entity.fileSha256,
    fileFormat: entity.fileFormat,
    fileSize: entity.fileSize,
    profile: entity.profile,
    createdBy: entity.createdBy,
    createdAt: entity.createdAt.toISOString(),
  };
}

export function viewOfRow(row: ImportRowEntity): RowView {
  return {
    row: row.rowNumber,
    status: row.status,
    ...(row.fields ?? {}),
    errors: row.errors,
    warnings: row.warnings,
    duplicateOf:
      row.duplicateOfRow === null
        ? null
        : { importId: row.duplicateOfImportId, row: row.duplicateOfRow },
  };
}

const PAGE_ROWS = 1000;

/** Reading imports back for the CLI and the HTTP API. */
@Injectable()
export class ImportQueries {
  constructor(private readonly store: ImportStore) {}

  async list(request: PageRequest): Promise<Page<ImportView>> {
    const page = await this.store.list(request);
    return { items: page.items.map(viewOfImport), next: page.next };
  }

  async summary(id: number): Promise<ImportView> {
    const entity = await this.store.get(id);
    if (entity === null) throw new ImportError('IMPORT_NOT_FOUND', `There is no import ${id}.`);
    return viewOfImport(entity);
  }

  /** Rows in file order, a page at a time. */
  async *rowPages(importId: number, status?: RowStatus): AsyncGenerator<RowView[]> {
    let afterId = 0;
    for (;;) {
      const rows = await this.store.rows(importId, {
        statuses: status === undefined ? undefined : [status],
        afterId,
        limit: PAGE_ROWS,
      });
      if (rows.length > 0) yield rows.map(viewOfRow);
      if (rows.length < PAGE_ROWS) return;
      afterId = rows[rows.length - 1]?.id ?? afterId;
    }
  }

  /** A page of rows in file order. */
  async rows(
    importId: number,
    status: RowStatus | undefined,
    request: PageRequest,
  ): Promise<Page<RowView>> {
    await this.summary(importId);
    const page = await this.store.rowsPage(importId, status, request);
    return { items: page.items.map(viewOfRow), next: page.next };
  }
}
