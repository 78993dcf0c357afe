import { Module } from '@nestjs/common';
import { ExportSourceCommand } from './export-source.command';
import { ReportCommand } from './report.command';
import { ReportsModule } from './reports.module';

/** `report` and `export-source`. */
@Module({ imports: [ReportsModule], providers: [ReportCommand, ExportSourceCommand] })
export class ReportsCliModule {}
