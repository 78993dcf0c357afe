import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig, LogLevel } from './config/app-config';
import { AuthModule } from './auth/auth.module';
import { AuthCliModule } from './auth/auth-cli.module';
import { BatchesCliModule } from './batches/batches-cli.module';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { DollrConnectionModule } from './dollr/dollr-connection.module';
import { RateBudgetModule } from './rate-budget/rate-budget.module';
import { IntakeModule } from './intake/intake.module';
import { IntakeService } from './intake/intake.service';
import { ReadinessModule } from './health/readiness';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { DbMigrateCommand, DbRevertCommand } from './maintenance/db.commands';
import { DoctorCommand } from './maintenance/doctor.command';
import { ImportsCliModule } from './imports/imports-cli.module';
import { InvoicesCliModule } from './invoices/invoices-cli.module';
import { ReconciliationCliModule } from './reconciliation/reconciliation-cli.module';
import { ReportsCliModule } from './reports/reports-cli.module';

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
        MetricsModule,
        ReadinessModule,
        AuthModule,
        AuthCliModule,
        RateBudgetModule,
        DollrConnectionModule,
        ImportsCliModule.register({ module: IntakeModule, service: IntakeService }),
        BatchesCliModule,
        InvoicesCliModule,
        ReconciliationCliModule,
        ReportsCliModule,
      ],
      providers: [DbMigrateCommand, DbRevertCommand, DoctorCommand],
    };
  }
}
