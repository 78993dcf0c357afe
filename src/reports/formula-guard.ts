/**
 * Spreadsheet formula injection: a CSV cell that starts with = + - @ (or a tab or carriage return,
 * which some programs skip before looking for one) is run as a formula when the file is opened in
 * Excel or LibreOffice, e.g. `=HYPERLINK("http://evil", "click")`. Such text is written with a
 * leading apostrophe, which spreadsheets show as plain text. Only text from users or from Dollr goes
 * through here; the report's own numbers (a negative variance "-5.00") are not text.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r'].map((c) => c.charCodeAt(0)));

export function neutraliseFormula(text: string): string {
  return FORMULA_START.has(text.charCodeAt(0)) ? `'${text}` : text;
}
