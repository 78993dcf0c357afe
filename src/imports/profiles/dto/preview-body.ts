import { AppError } from '../../../common/app-error';
import {
  type CurrencyCode,
  isCurrencyCode,
  isMarketCode,
  type MarketCode,
} from '../../../money/currency';
import type { SampleRow } from '../suggest/suggest-profile';

/** The most sample rows, columns and characters a cell a preview reads. */
export const PREVIEW_MAX_ROWS = 50;
const MAX_COLUMNS = 200;
const MAX_CELL_LENGTH = 1000;

/** `POST /profiles/preview`: the profile being edited and the sample rows `suggest` returned. */
export interface PreviewBody {
  readonly profile: unknown;
  readonly headerRow: number;
  readonly headers: string[];
  readonly rows: SampleRow[];
  readonly fileName: string;
  readonly sheet: string | null;
  readonly country?: MarketCode;
  readonly currency?: CurrencyCode;
  readonly period?: string;
}

function invalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, 400);
}

function isCell(value: unknown): value is string | number {
  return (
    (typeof value === 'string' && value.length <= MAX_CELL_LENGTH) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function cellsOf(value: unknown, where: string): (string | number)[] {
  if (!Array.isArray(value) || value.length > MAX_COLUMNS || !value.every(isCell)) {
    throw invalid(
      `${where} must be a list of at most ${MAX_COLUMNS} cells, each text (at most ${MAX_CELL_LENGTH} characters) or a number.`,
    );
  }
  return value;
}

function rowNumber(value: unknown, where: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 10_000_000) {
    throw invalid(`${where} must be a row number.`);
  }
  return value as number;
}

/** Checks the body of a preview request; every cell is plain text or a number. */
export function previewBodyOf(body: unknown): PreviewBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('Send a JSON object: {profile, headerRow, headers, rows}.');
  }
  const b = body as Record<string, unknown>;
  const headers = cellsOf(b.headers, 'headers').map(String);
  if (!Array.isArray(b.rows) || b.rows.length > PREVIEW_MAX_ROWS) {
    throw invalid(`rows must be a list of at most ${PREVIEW_MAX_ROWS} rows.`);
  }
  const headerRow = rowNumber(b.headerRow, 'headerRow');
  const rows = b.rows.map((row: unknown, i): SampleRow => {
    const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
    return { row: rowNumber(r.row, `rows[${i}].row`), cells: cellsOf(r.cells, `rows[${i}].cells`) };
  });
  const text = (value: unknown, name: string, max: number): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || value.length > max) {
      throw invalid(`${name} must be text of at most ${max} characters.`);
    }
    return value;
  };
  const country = text(b.country, 'country', 2);
  if (country !== undefined && !isMarketCode(country)) throw invalid('country must be LR or RW.');
  const currency = text(b.currency, 'currency', 3);
  if (currency !== undefined && !isCurrencyCode(currency)) {
    throw invalid('currency must be USD, LRD or RWF.');
  }
  return {
    profile: b.profile,
    headerRow,
    headers,
    rows,
    fileName: text(b.fileName, 'fileName', 255) ?? 'upload',
    sheet: text(b.sheet, 'sheet', 100) ?? null,
    ...(country !== undefined ? { country } : {}),
    ...(currency !== undefined ? { currency } : {}),
    ...(text(b.period, 'period', 64) !== undefined ? { period: b.period as string } : {}),
  };
}
