import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ImportsModule } from '../imports/imports.module';
import { ExportSourceCommand } from './export-source.command';
import { ReportCommand } from './report.command';
import { ReportService } from './report.service';
import { ReportsController } from './reports.controller';
import { SourceExportController } from './source-export.controller';
import { SourceExportService } from './source-export.service';

const SERVICES = [ReportService, SourceExportService];

/** The reconciliation report, the journal and the write-back of source files. */
@Module({ imports: [DatabaseModule, ImportsModule], providers: SERVICES, exports: SERVICES })
export class ReportsModule {}

/** `GET /reports/reconciliation`, `GET /reports/journal`, `GET /imports/:id/export-source`. */
@Module({ imports: [ReportsModule], controllers: [ReportsController, SourceExportController] })
export class ReportsHttpModule {}

/** `report` and `export-source`. */
@Module({ imports: [ReportsModule], providers: [ReportCommand, ExportSourceCommand] })
export class ReportsCliModule {}
