import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ImportsModule } from '../imports/imports.module';
import { ReportService } from './report.service';
import { SourceExportService } from './source-export.service';

const SERVICES = [ReportService, SourceExportService];

/** The reconciliation report, the journal and the write-back of source files. */
@Module({ imports: [DatabaseModule, ImportsModule], providers: SERVICES, exports: SERVICES })
export class ReportsModule {}
