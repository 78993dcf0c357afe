import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
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
import { removeAbandonedUploads, uploadFolder } from './upload-folder';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import { TemplatesController } from './templates/templates.controller';
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
      useFactory: (config: AppConfig) => ({
        dest: uploadFolder(),
        limits: { fileSize: config.imports.maxBytes },
      }),
    }),
  ],
  controllers: [ImportController, ProfilesController, TemplatesController],
})
export class ImportsHttpModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Imports');

  /** Uploads a process left behind when it died mid-upload are removed at the next start. */
  async onApplicationBootstrap(): Promise<void> {
    const removed = await removeAbandonedUploads();
    if (removed > 0) this.logger.log(`Removed ${removed} upload(s) left by a process that died`);
  }
}

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
