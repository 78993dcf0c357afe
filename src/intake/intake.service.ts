import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, SYSTEM_ACTOR } from '../auth/actor';
import { AppError } from '../common/app-error';
import { redactText } from '../common/redact';
import { DatabaseService } from '../database/database.service';
import { BatchFactory } from '../batches/batch-factory';
import type { BatchEntity } from '../batches/entities/batch.entity';
import type { AfterImport } from '../imports/after-import';
import { ImportEntity } from '../imports/entities/import.entity';
import type { ImportSummary } from '../imports/import.types';

/**
 * From a stored import to its batch, for the CLI, the HTTP API and the nightly inbox alike: the
 * import is one transaction and its batch another, so an import whose batch was never made (the
 * process died between the two, or the batch failed) gets it at the next start of the service or of
 * any command, or when an operator asks for it (`POST /imports/:id/batch`, `batch create`).
 */
@Injectable()
export class IntakeService implements AfterImport {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly database: DatabaseService,
    private readonly factory: BatchFactory,
  ) {}

  /** The batch a freshly stored import became: payables and receivables with valid rows. */
  async batchIdForImport(summary: ImportSummary, actor: Actor): Promise<number | null> {
    if (summary.status !== 'imported' || summary.importId === null) return null;
    if (summary.valid === 0) return null;
    return (await this.made(summary.importId, actor)).id;
  }

  /** The batch of an import, made now if it has none (an operator's recovery). */
  async batchFor(importId: number, actor: Actor): Promise<BatchEntity> {
    const stored = await this.dataSource.getRepository(ImportEntity).findOne({
      where: { id: importId },
      select: { id: true, validCount: true },
    });
    if (stored === null) {
      throw new AppError('IMPORT_NOT_FOUND', `There is no import ${importId}.`, 404);
    }
    if (stored.validCount === 0) {
      throw new AppError(
        'NOTHING_TO_PAY',
        `Import ${importId} has no valid row, so it makes no batch: fix the file and import it again.`,
        409,
      );
    }
    return this.made(importId, actor);
  }

  /**
   * The import's batch, made now unless it exists. Two processes may make it at once (a replica
   * healing at its start while another finishes its own import): the database keeps one batch per
   * import, and the one that lost finds the other's.
   */
  private async made(importId: number, actor: Actor): Promise<BatchEntity> {
    try {
      return await this.factory.createFromImport(importId, actor);
    } catch (error) {
      const existing = await this.factory.existingBatch(importId);
      if (existing === null) throw error;
      return existing;
    }
  }

  /**
   * Makes the batch of every import with valid rows that has none; returns the imports healed. A
   * database not migrated yet is left alone (a `db:migrate` that is about to run).
   */
  async healImportsWithoutBatch(): Promise<number[]> {
    const status = await this.database.status();
    if (!status.reachable || status.pendingMigrations.length > 0) return [];
    const orphans = await this.dataSource.query<{ id: number | string }[]>(
      `SELECT i.id FROM imports i
       WHERE i.status = 'imported' AND i.valid_count > 0
         AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.import_id = i.id)
       ORDER BY i.id`,
    );
    const healed: number[] = [];
    for (const { id } of orphans) {
      const importId = Number(id);
      try {
        const batch = await this.made(importId, SYSTEM_ACTOR);
        healed.push(importId);
        this.logger.warn(
          `Import ${importId} had no batch (its process stopped before making it): made batch ${batch.id}`,
        );
      } catch (error) {
        this.logger.error(
          `Import ${importId} has no batch and it could not be made: ${redactText(String(error))}; try again with: batch create ${importId}`,
        );
      }
    }
    return healed;
  }
}
