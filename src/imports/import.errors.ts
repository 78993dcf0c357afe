import { AppError } from '../common/app-error';

/**
 * Why a whole file is refused (as opposed to a row being invalid). Each code maps to one HTTP
 * status; the CLI prints the message and exits non-zero.
 */
export type ImportErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_EMPTY'
  | 'FILE_TOO_LARGE'
  | 'FILE_UNSUPPORTED'
  | 'FILE_UNREADABLE'
  | 'FILE_ALREADY_IMPORTED'
  | 'FILE_NAME_INVALID'
  | 'FILE_UNSAFE'
  | 'TOO_MANY_ROWS'
  | 'SHEET_NOT_FOUND'
  | 'HEADER_NOT_FOUND'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_INVALID'
  | 'PROFILE_EXISTS'
  | 'IMPORT_OPTIONS_INVALID'
  | 'IMPORT_NOT_FOUND';

const STATUS: Record<ImportErrorCode, number> = {
  FILE_NOT_FOUND: 400,
  FILE_EMPTY: 422,
  FILE_TOO_LARGE: 413,
  FILE_UNSUPPORTED: 415,
  FILE_UNREADABLE: 422,
  FILE_ALREADY_IMPORTED: 409,
  FILE_NAME_INVALID: 400,
  FILE_UNSAFE: 422,
  TOO_MANY_ROWS: 413,
  SHEET_NOT_FOUND: 422,
  HEADER_NOT_FOUND: 422,
  PROFILE_NOT_FOUND: 400,
  PROFILE_INVALID: 400,
  PROFILE_EXISTS: 409,
  IMPORT_OPTIONS_INVALID: 400,
  IMPORT_NOT_FOUND: 404,
};

export class ImportError extends AppError {
  constructor(code: ImportErrorCode, message: string, details: unknown = null) {
    super(code, message, STATUS[code], details);
    this.name = 'ImportError';
  }
}
