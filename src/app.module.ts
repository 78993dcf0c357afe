import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { AuthModule } from './auth/auth.module';
import { AuthHttpModule } from './auth/auth-http.module';
import { BatchesHttpModule } from './batches/batches-http.module';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './database/database.module';
import { DollrConnectionModule } from './dollr/dollr-connection.module';
import { RateBudgetModule } from './rate-budget/rate-budget.module';
import { HealthModule } from './health/health.module';
import { ReadinessModule } from './health/readiness';
import { IntakeHttpModule } from './intake/intake-http.module';
import { IntakeModule } from './intake/intake.module';
import { IntakeService } from './intake/intake.service';
import { ImportsHttpModule } from './imports/imports-http.module';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { StrictQueryInterceptor } from './http/strict-input';
import { createValidationPipe } from './http/validation';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { ReconciliationHttpModule } from './reconciliation/reconciliation-http.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { ReportsHttpModule } from './reports/reports-http.module';

/** The HTTP service. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot('stdout'),
        DatabaseModule,
        MetricsModule,
        AuthModule,
        AuthHttpModule,
        RateBudgetModule,
        DollrConnectionModule,
        ReadinessModule,
        HealthModule,
        ImportsHttpModule.register({ module: IntakeModule, service: IntakeService }),
        BatchesHttpModule,
        IntakeHttpModule,
        ConsoleModule,
        ReportsHttpModule,
        ScheduleModule.forRoot(),
        ReconciliationHttpModule,
        MonitoringModule.forRoot(config),
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: StrictQueryInterceptor },
      ],
    };
  }
}
