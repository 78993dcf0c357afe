import { ImportError } from './import.errors';

/** Browsers and multer send the file name as Latin-1 bytes of its UTF-8 form. */
export function decodeUploadName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}

const MAX_NAME_LENGTH = 255;

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
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(name)) problem = 'it contains control characters';
  else if (name === '.' || name === '..') problem = 'it is not a file name';
  else if (name.length > MAX_NAME_LENGTH)
    problem = `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (problem !== null) {
    throw new ImportError(
      'FILE_NAME_INVALID',
      `The file name ${JSON.stringify(name.slice(0, 300))} is not accepted: ${problem}. Upload the file under its own name, e.g. payroll.csv.`,
      { fileName: name.slice(0, 300) },
    );
  }
  return name.trim();
}
