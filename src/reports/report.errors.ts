import { AppError } from '../common/app-error';

export type ReportErrorCode =
  'REPORT_OPTIONS_INVALID' | 'BATCH_NOT_FOUND' | 'IMPORT_NOT_FOUND' | 'SOURCE_FILE_MISSING';

const STATUS: Record<ReportErrorCode, number> = {
  REPORT_OPTIONS_INVALID: 400,
  BATCH_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  SOURCE_FILE_MISSING: 410,
};

export class ReportError extends AppError {
  constructor(code: ReportErrorCode, message: string, details: unknown = null) {
    super(code, message, STATUS[code], details);
    this.name = 'ReportError';
  }
}
