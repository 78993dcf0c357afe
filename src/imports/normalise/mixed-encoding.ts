import iconv from 'iconv-lite';
import type { RowIssue } from '../import.types';
import type { Cell } from './cell';

/**
 * UTF-8 read as Windows-1252 (or Latin-1): the lead byte of a two-byte sequence (Â, Ã) followed by
 * what its continuation byte becomes. "Jérôme" saved as UTF-8 reads "JÃ©rÃ´me". No name or label
 * in the languages here has these pairs.
 */
const UTF8_AS_CP1252 =
  /[ÂÃ][\u00A0-\u00BF\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178]/;
/** What a decoder puts where bytes were not text in its encoding. */
const REPLACEMENT = '\uFFFD';

/** The cell as it was probably written: its Windows-1252 bytes read as UTF-8. */
function probableText(cell: string): string | null {
  const text = iconv.decode(iconv.encode(cell, 'windows1252'), 'utf8');
  return text.includes(REPLACEMENT) ? null : text;
}

/**
 * Cells whose text did not decode cleanly: a row in another encoding than the rest of the file
 * (UTF-8 rows in a Windows-1252 file), or bytes that are not text in the file's encoding (a
 * Latin-1 body under a UTF-8 byte-order mark). Such a row would be stored as garbled names.
 */
export function encodingIssues(
  cells: readonly Cell[],
  headerOf: (column: number) => string,
): RowIssue[] {
  const issues: RowIssue[] = [];
  cells.forEach((cell, column) => {
    if (typeof cell !== 'string') return;
    if (cell.includes(REPLACEMENT)) {
      issues.push({
        column: headerOf(column),
        value: cell,
        message:
          'has bytes that are not text in the encoding the file says it has: save the file as "CSV UTF-8" and import it again',
      });
    } else if (UTF8_AS_CP1252.test(cell)) {
      const meant = probableText(cell);
      issues.push({
        column: headerOf(column),
        value: cell,
        message: `is text in another encoding than the rest of the file${meant === null ? '' : ` (probably "${meant}")`}: save the whole file as "CSV UTF-8" and import it again`,
      });
    }
  });
  return issues;
}
