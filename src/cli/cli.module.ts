import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig, LogLevel } from '../config/app-config';
import { AuthCliModule, AuthModule } from '../auth/auth.module';
import { BatchesCliModule } from '../batches/batches.module';
import { AppConfigModule } from '../config/app-config.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { LoggingModule } from '../logging/logging.module';
import { DbMigrateCommand, DbRevertCommand } from './db.commands';
import { DoctorCommand } from './doctor.command';
import { ImportsCliModule } from '../imports/imports.module';
import { InvoicesCliModule } from '../invoices/invoices.module';
import { ReconciliationCliModule } from '../reconciliation/reconciliation.module';
import { ReportsCliModule } from '../reports/reports.module';

/** The command-line interface: the same modules as the service, logging to stderr. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, logLevel?: LogLevel): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('stderr', logLevel),
        DatabaseModule,
        AuthModule,
        AuthCliModule,
        DollrConnectionModule,
        ImportsCliModule,
        BatchesCliModule,
        InvoicesCliModule,
        ReconciliationCliModule,
        ReportsCliModule,
      ],
      providers: [DbMigrateCommand, DbRevertCommand, DoctorCommand],
    };
  }
}
