import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { OriginalFileStore } from './original-files';
import { ErrorReportService } from './error-report';
import { ImportQueries } from './import.queries';
import { ImportService } from './import.service';
import { ImportStore } from './import.store';
import { ProfilesService } from './profiles/profiles.service';

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
