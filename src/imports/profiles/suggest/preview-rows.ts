import type { MarketCode, CurrencyCode } from '../../../money/currency';
import { ImportError } from '../../import.errors';
import type { ImportField, RowFields, RowIssue, RowStatus } from '../../import.types';
import { normalisePeriod } from '../../normalise/period';
import { ImportRowProcessor } from '../../row-processor';
import { columnLabel } from '../header-detect';
import { validateProfile } from '../profile.validate';
import type { SampleRow } from './suggest-profile';

export interface PreviewRequest {
  /** The profile document as edited (not yet saved). */
  readonly profile: unknown;
  readonly headerRow: number;
  readonly headers: readonly string[];
  readonly rows: readonly SampleRow[];
  readonly fileName: string;
  readonly sheet: string | null;
  readonly country?: MarketCode;
  readonly currency?: CurrencyCode;
  readonly period?: string;
  readonly importMonth: string;
}

export interface PreviewRow {
  readonly row: number;
  readonly status: RowStatus;
  readonly fields: RowFields | null;
  readonly errors: readonly RowIssue[];
  readonly warnings: readonly RowIssue[];
}

export interface Preview {
  /** Why nothing can be imported yet: the profile's problems, or the header's missing columns. */
  readonly problems: string[];
  /** Which column each field is read from, by its header (composed fields by their label). */
  readonly columns: Partial<Record<ImportField, string>>;
  readonly rows: PreviewRow[];
}

/**
 * The sample rows as an import with this profile would read them: each row's status, fields
 * and problems. A profile still being edited is expected to be incomplete: its problems are
 * the answer, not an error.
 */
export function previewRows(request: PreviewRequest): Preview {
  let profile;
  try {
    profile = validateProfile(request.profile, 'being edited');
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    const details = error.details as { problems?: string[] } | undefined;
    return { problems: details?.problems ?? [error.message], columns: {}, rows: [] };
  }
  const processor = new ImportRowProcessor(
    {
      profile,
      country: request.country,
      currency: request.currency,
      period:
        request.period === undefined
          ? profile.period === undefined
            ? undefined
            : { value: profile.period, source: 'profile' }
          : { value: normalisePeriod(request.period), source: 'option' },
      fileName: request.fileName,
      importMonth: request.importMonth,
    },
    null,
    () => request.sheet,
  );
  const rows: PreviewRow[] = [];
  try {
    processor.process({ rowNumber: request.headerRow, cells: request.headers });
    for (const sample of request.rows) {
      const row = processor.process({ rowNumber: sample.row, cells: sample.cells });
      if (row === null) continue;
      rows.push({
        row: row.rowNumber,
        status: row.status,
        fields: row.fields,
        errors: row.errors,
        warnings: row.warnings,
      });
    }
    if (processor.columnMap === null) processor.finish();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { problems: [error.message], columns: {}, rows: [] };
  }
  const map = processor.columnMap;
  const columns: Partial<Record<ImportField, string>> = {};
  for (const [field, column] of Object.entries(map?.columns ?? {})) {
    if (map !== null) columns[field as ImportField] = columnLabel(map, column) ?? '';
  }
  return { problems: [], columns, rows };
}
