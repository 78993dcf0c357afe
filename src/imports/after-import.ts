import type { Provider, Type } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { ImportSummary } from './import.types';

/**
 * What follows a stored import: the batch it became. Imports know nothing of batches; the
 * application's root binds this to them (`ImportsHttpModule.register` and `ImportsCliModule.register`,
 * given an `AfterImportBinding`).
 */
export interface AfterImport {
  /** The batch a freshly stored import became, or null (a dry run, no valid row). */
  batchIdForImport(summary: ImportSummary, actor: Actor): Promise<number | null>;
}

export const AFTER_IMPORT = Symbol('AFTER_IMPORT');

/** How the root gives the import controller and command their `AfterImport`. */
export interface AfterImportBinding {
  /** The module that provides and exports `service`. */
  readonly module: Type<unknown>;
  /** The service that implements `AfterImport`. */
  readonly service: Type<AfterImport>;
}

export function afterImportProvider(binding: AfterImportBinding): Provider {
  return { provide: AFTER_IMPORT, useExisting: binding.service };
}
