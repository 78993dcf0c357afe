import type { SaxesTagPlain } from 'saxes';
import type { Cell, CellProblem, SheetRow } from '../../normalise/cell';
import { decodeEscapes, isTrue, localName, XlsxFormatError, type XmlHandlers } from './xml';

/** What reading a sheet's cells needs from the rest of the workbook. */
export interface SheetContext {
  readonly sheetName: string;
  readonly sharedStrings: readonly string[];
  /** For each cell style, whether it shows a date. */
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
}

/** Rows parsed since the last hand-over, and which of them are hidden in Excel. */
export interface ParsedRows {
  readonly rows: SheetRow[];
  /** Indexes into `rows`. */
  readonly hidden: number[];
}

const EXCEL_ERRORS: Readonly<Record<string, string>> = {
  '#VALUE!': 'a formula was given a value of the wrong kind',
  '#N/A': 'a lookup found no value',
  '#REF!': 'a formula refers to cells that were deleted',
  '#DIV/0!': 'a formula divides by zero',
  '#NAME?': 'a formula uses a name or function Excel does not know',
  '#NUM!': 'a formula gave a number Excel cannot hold',
  '#NULL!': 'a formula refers to ranges that do not meet',
  '#SPILL!': 'a formula has no room for its results',
  '#CALC!': 'a formula could not be calculated',
  '#GETTING_DATA': 'the value was still being fetched when the file was saved',
};

export function excelErrorMessage(code: string): string {
  const why = EXCEL_ERRORS[code.toUpperCase()];
  return `contains the Excel error ${code}${why === undefined ? '' : ` (${why})`}: correct it in Excel, save the file and import it again`;
}

export const NO_CACHED_RESULT =
  'is a formula whose result is not stored in the file (the program that wrote it does not calculate formulas): open the file in Excel (or LibreOffice) and save it, so that the results are stored, then import it again';

/** A date cell's value as today's readers give it: "2026-02-28", or "2026-02-28T10:30:00". */
function isoOf(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A date serial (days since 1899-12-30, or 1904-01-01) as ISO text; the number when out of range. */
export function serialToIso(serial: number, date1904: boolean): Cell {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? serial : isoOf(date);
}

const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A `t="d"` cell (ISO 8601 in the file) as ISO text without time zone, the date alone at midnight. */
export function isoOfDateText(text: string): string {
  const trimmed = text.trim();
  const m = ISO_DATE.exec(trimmed);
  if (m === null) return trimmed;
  const [, day = '', hh = '00', mm = '00', ss = '00'] = m;
  return hh === '00' && mm === '00' && ss === '00' ? day : `${day}T${hh}:${mm}:${ss}`;
}

/** The 0-based column of a reference such as `AB12`, and its row (0 when it has none); null when not one. */
function parseReference(ref: string): { column: number; row: number } | null {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i += 1) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  if (i === 0 || column > 16_384) return null;
  let row = 0;
  for (; i < ref.length; i += 1) {
    const code = ref.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return null;
    row = row * 10 + (code - 0x30);
  }
  return { column: column - 1, row };
}

/**
 * Turns the XML of one worksheet into rows, as saxes hands over its events. Only text inside a
 * cell's `<v>` or an inline string's `<t>` is a value: whitespace between the elements of a
 * pretty-printed file is not. Cells and rows without an `r` follow the one before.
 */
export class SheetParser implements XmlHandlers {
  private rows: SheetRow[] = [];
  private hidden: number[] = [];

  private inSheetData = false;
  private lastRowNumber = 0;
  private rowNumber = 0;
  private rowNumbered = false;
  private rowHidden = false;
  private cells: Cell[] | null = null;
  private problems: CellProblem[] | null = null;
  private lastValued = -1;

  private column = -1;
  private type: string | undefined = undefined;
  private style = 0;
  private hasFormula = false;
  private hasValue = false;
  private inValue = false;
  private value = '';
  private hasInline = false;
  private inInline = false;
  private inText = false;
  private phonetic = 0;
  private inline = '';

  /** `<sheetPr filterMode="1">`: a filter hides rows of this sheet. */
  filterMode = false;

  constructor(private readonly context: SheetContext) {}

  /** The rows parsed since the last call, or null when there are none. */
  take(): ParsedRows | null {
    if (this.rows.length === 0) return null;
    const taken = { rows: this.rows, hidden: this.hidden };
    this.rows = [];
    this.hidden = [];
    return taken;
  }

  opentag(tag: SaxesTagPlain): void {
    let name = tag.name;
    if (name.includes(':')) name = localName(name);
    switch (name) {
      case 'c':
        this.openCell(tag.attributes);
        break;
      case 'v':
        this.inValue = true;
        this.hasValue = true;
        break;
      case 'f':
        this.hasFormula = true;
        break;
      case 'is':
        this.inInline = true;
        this.hasInline = true;
        break;
      case 't':
        if (this.inInline && this.phonetic === 0) this.inText = true;
        break;
      case 'rPh':
        this.phonetic += 1;
        break;
      case 'row':
        if (this.inSheetData) this.openRow(tag.attributes);
        break;
      case 'sheetData':
        this.inSheetData = true;
        break;
      case 'sheetPr':
        this.filterMode = isTrue(tag.attributes.filterMode);
        break;
      default:
        break;
    }
  }

  closetag(tag: SaxesTagPlain): void {
    let name = tag.name;
    if (name.includes(':')) name = localName(name);
    switch (name) {
      case 'v':
        this.inValue = false;
        break;
      case 't':
        this.inText = false;
        break;
      case 'rPh':
        this.phonetic -= 1;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'c':
        if (this.cells !== null) this.closeCell();
        break;
      case 'row':
        if (this.cells !== null) this.closeRow();
        break;
      case 'sheetData':
        this.inSheetData = false;
        break;
      default:
        break;
    }
  }

  text(text: string): void {
    if (this.inValue) this.value += text;
    else if (this.inText) this.inline += text;
  }

  private openRow(attributes: Record<string, string>): void {
    const r = attributes.r;
    const numbered = r !== undefined && /^\d+$/.test(r.trim());
    this.rowNumber = numbered ? Number(r) : this.lastRowNumber + 1;
    this.rowNumbered = numbered;
    this.rowHidden = isTrue(attributes.hidden);
    this.cells = [];
    this.problems = null;
    this.lastValued = -1;
    this.column = -1;
  }

  private closeRow(): void {
    const cells = this.cells ?? [];
    if (cells.length > this.lastValued + 1) cells.length = this.lastValued + 1;
    if (cells.length > 0) {
      const row: SheetRow =
        this.problems === null
          ? { rowNumber: this.rowNumber, cells }
          : { rowNumber: this.rowNumber, cells, cellProblems: this.problems };
      if (this.rowHidden) this.hidden.push(this.rows.length);
      this.rows.push(row);
    }
    this.lastRowNumber = this.rowNumber;
    this.cells = null;
    this.problems = null;
  }

  private openCell(attributes: Record<string, string>): void {
    const r = attributes.r;
    const ref = r === undefined ? null : parseReference(r);
    this.column = ref === null ? this.column + 1 : ref.column;
    // A row without its own number takes the one its cells give.
    if (!this.rowNumbered && ref !== null && ref.row > 0) {
      this.rowNumber = ref.row;
      this.rowNumbered = true;
    }
    this.type = attributes.t;
    const s = attributes.s;
    this.style = s === undefined ? 0 : Number(s);
    this.hasFormula = false;
    this.hasValue = false;
    this.value = '';
    this.hasInline = false;
    this.inline = '';
    this.phonetic = 0;
  }

  private closeCell(): void {
    const cell = this.cellValue();
    if (cell === undefined) return;
    const cells = this.cells;
    if (cells === null) return;
    const column = this.column;
    while (cells.length < column) cells.push('');
    cells[column] = cell;
    if (column > this.lastValued) this.lastValued = column;
  }

  private problem(message: string): void {
    (this.problems ??= []).push({ column: this.column, message });
  }

  /** The cell's value; undefined for a cell that holds none (only a style). */
  private cellValue(): Cell | undefined {
    const type = this.type;
    const value = this.value;
    if (type === undefined || type === 'n') {
      if (!this.hasValue || value === '') {
        if (!this.hasFormula) return undefined;
        this.problem(NO_CACHED_RESULT);
        return '';
      }
      const n = Number(value);
      if (Number.isNaN(n)) return value;
      return this.context.dateStyles[this.style] === true
        ? serialToIso(n, this.context.date1904)
        : n;
    }
    switch (type) {
      case 's': {
        if (!this.hasValue) return undefined;
        const text = this.context.sharedStrings[Number(value)];
        if (text === undefined) {
          throw new XlsxFormatError(
            `a cell on row ${this.rowNumber} of sheet "${this.context.sheetName}" refers to shared text number ${value.trim()}, which the workbook does not have`,
          );
        }
        return text;
      }
      case 'inlineStr':
        if (this.hasInline) return decodeEscapes(this.inline);
        return this.hasValue ? decodeEscapes(value) : undefined;
      case 'str':
        if (!this.hasValue && !this.hasFormula) return undefined;
        return decodeEscapes(value);
      case 'b': {
        if (!this.hasValue) return this.missingResult();
        const b = value.trim().toLowerCase();
        return b === '0' || b === 'false' ? 'FALSE' : 'TRUE';
      }
      case 'e': {
        const code = value.trim() === '' ? '#N/A' : value.trim();
        this.problem(excelErrorMessage(code));
        return code;
      }
      case 'd':
        if (!this.hasValue || value.trim() === '') return this.missingResult();
        return isoOfDateText(value);
      default:
        return this.hasValue ? decodeEscapes(value) : undefined;
    }
  }

  private missingResult(): Cell | undefined {
    if (!this.hasFormula) return undefined;
    this.problem(NO_CACHED_RESULT);
    return '';
  }
}
