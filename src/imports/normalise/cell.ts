/**
 * A cell as read: text, or a number from an Excel number cell. Excel date cells arrive as ISO
 * text ("2026-01-31"); CSV cells are always text.
 */
export type Cell = string | number;

/** A problem with one cell found while reading it (an Excel error, a formula without its result). */
export interface CellProblem {
  /** 0-based, as in `cells`. */
  readonly column: number;
  readonly message: string;
}

/** A non-blank row of a sheet with the row number the user sees (1-based). */
export interface SheetRow {
  readonly rowNumber: number;
  readonly cells: readonly Cell[];
  /** Cells that could not be read as values: the row is invalid when the column is used. */
  readonly cellProblems?: readonly CellProblem[];
  /** What concerns the whole row, for people (it is hidden in Excel, filtered out). */
  readonly notes?: readonly string[];
}

export function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : cell;
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  for (const cell of cells) {
    if (typeof cell === 'number' || cell.trim() !== '') return false;
  }
  return true;
}
