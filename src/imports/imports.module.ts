import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { BatchesModule } from '../batches/batches.module';
import { DatabaseModule } from '../database/database.module';
import { OriginalFileStore } from '../reports/original-files';
import { ErrorReportService } from './error-report';
import { ImportController } from './import.controller';
import { ImportQueries } from './import.queries';
import { ImportService } from './import.service';
import { ImportStore } from './import.store';
import { ImportCommand } from './import.command';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import {
  ImportsCommand,
  ImportsErrorsCommand,
  ImportsListCommand,
  ImportsRowsCommand,
} from './imports.commands';

const SERVICES = [
  ImportStore,
  ImportService,
  ImportQueries,
  ErrorReportService,
  OriginalFileStore,
  ProfilesService,
];

/** Importing payables and receivables: the services, shared by HTTP and the CLI. */
@Module({
  imports: [DatabaseModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ImportsModule {}

/** `POST /imports` and friends. */
@Module({
  imports: [
    ImportsModule,
    BatchesModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.imports.maxBytes } }),
    }),
  ],
  controllers: [ImportController, ProfilesController],
})
export class ImportsHttpModule {}

/** `import`, `imports`, `imports rows`, `imports errors`. */
@Module({
  imports: [ImportsModule, BatchesModule],
  providers: [
    ImportCommand,
    ImportsCommand,
    ImportsListCommand,
    ImportsRowsCommand,
    ImportsErrorsCommand,
  ],
})
export class ImportsCliModule {}
