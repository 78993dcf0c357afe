import { ImportError } from './import.errors';

/** Browsers and multer send the file name as Latin-1 bytes of its UTF-8 form. */
export function decodeUploadName(name: string): string {
  // Beyond Latin-1 it is no byte string: it came decoded already (and must not be truncated).
  if (/[\u0100-\uffff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}

const MAX_NAME_LENGTH = 255;

/**
 * Control characters (C0, DEL, C1 such as U+0085), format characters (bidi controls such as
 * U+202E, zero-width characters, U+FEFF) and line or paragraph separators (U+2028, U+2029): none
 * belongs in a file name, and some make one name read as another.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The name as it can be shown: each invisible character written as its code point. */
function shown(name: string): string {
  return name
    .slice(0, 300)
    .replace(
      INVISIBLE_ALL,
      (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
    );
}

/**
 * The name of an uploaded file, kept only to show and store (never used as a path: uploads are
 * written under random names). A name carrying folders (`../../etc/passwd.csv`), control
 * characters or nothing at all is refused: browsers send the bare file name.
 */
export function checkedUploadName(raw: string): string {
  const name = decodeUploadName(raw);
  let problem: string | null = null;
  if (name.trim() === '') problem = 'it is empty';
  else if (/[/\\]/.test(name)) problem = 'it contains a folder (/ or \\)';
  else if (INVISIBLE.test(name)) {
    problem =
      'it contains control characters or invisible formatting characters (such as a right-to-left override)';
  } else if (name === '.' || name === '..') problem = 'it is not a file name';
  else if (name.length > MAX_NAME_LENGTH)
    problem = `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (problem !== null) {
    throw new ImportError(
      'FILE_NAME_INVALID',
      `The file name "${shown(name)}" is not accepted: ${problem}. Upload the file under its own name, e.g. payroll.csv.`,
      { fileName: shown(name) },
    );
  }
  return name.trim();
}
