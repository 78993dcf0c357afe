/**
 * Spreadsheet formula injection: a CSV cell that starts with = + - @ (or a tab, carriage return or
 * line feed, which some programs skip before looking for one; or their full-width forms, which
 * some turn into them) is run as a formula when the file is opened in Excel or LibreOffice, e.g.
 * `=HYPERLINK("http://evil", "click")`. Such text is written with a leading apostrophe, which
 * spreadsheets show as plain text. Every text cell the connector writes from users or from Dollr
 * goes through here, in CSV and XLSX alike (an XLSX text cell is not run, but becomes a formula
 * again once the sheet is saved as CSV); numbers are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A plain decimal number as a file writes it (`-2.50`, `1250`), not a code like `0886…`. */
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

/**
 * A text cell of an XLSX sheet the connector writes from a file's text: a plain number becomes a
 * number cell (so `-2.50` stays the number it was), any other text is neutralised.
 */
export function xlsxTextCell(text: string): string | number {
  return PLAIN_NUMBER.test(text) ? Number(text) : neutraliseFormula(text);
}
