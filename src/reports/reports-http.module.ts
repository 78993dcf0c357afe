import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { SourceExportController } from './source-export.controller';
import { ReportsModule } from './reports.module';

/** `GET /reports/reconciliation`, `GET /reports/journal`, `GET /imports/:id/export-source`. */
@Module({ imports: [ReportsModule], controllers: [ReportsController, SourceExportController] })
export class ReportsHttpModule {}
