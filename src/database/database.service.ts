import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { redactText } from '../common/redact';
import {
  appliedMigrationNames,
  pendingMigrationNames,
  revertLastMigration,
  runPendingMigrations,
} from './migration-runner';
import { serializeSqliteTransactions } from './sqlite-transactions';

export interface DatabaseStatus {
  readonly type: 'sqlite' | 'mysql';
  readonly reachable: boolean;
  readonly error?: string;
  readonly appliedMigrations: string[];
  readonly pendingMigrations: string[];
}

/** Opens the database on demand and keeps its schema current. */
@Injectable()
export class DatabaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async connect(): Promise<DataSource> {
    if (this.dataSource.isInitialized) return this.dataSource;
    const target = this.config.database;
    if (target.type === 'sqlite' && target.path !== ':memory:') {
      mkdirSync(dirname(target.path), { recursive: true });
    }
    await this.dataSource.initialize();
    serializeSqliteTransactions(this.dataSource);
    return this.dataSource;
  }

  async migrate(): Promise<string[]> {
    return runPendingMigrations(await this.connect());
  }

  async revert(): Promise<string | null> {
    return revertLastMigration(await this.connect());
  }

  /** Reachability and migration state; never throws. */
  async status(): Promise<DatabaseStatus> {
    const type = this.config.database.type;
    try {
      const dataSource = await this.connect();
      await dataSource.query('SELECT 1');
      return {
        type,
        reachable: true,
        appliedMigrations: await appliedMigrationNames(dataSource),
        pendingMigrations: await pendingMigrationNames(dataSource),
      };
    } catch (error) {
      return {
        type,
        reachable: false,
        error: redactText((error as Error).message),
        appliedMigrations: [],
        pendingMigrations: [],
      };
    }
  }
}
