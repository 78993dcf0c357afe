import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { Metrics } from '../metrics/metrics';
import { databaseGauges } from './database-gauges';
import { MetricsController, PublicMetricsController } from './metrics.controller';

/** `GET /metrics`, with the database's figures read at each scrape. */
@Module({})
export class MonitoringModule implements OnModuleInit {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MonitoringModule,
      imports: [DatabaseModule],
      controllers: [config.http.metricsPublic ? PublicMetricsController : MetricsController],
    };
  }

  constructor(
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    for (const gauge of databaseGauges(this.dataSource)) this.metrics.addScrapedGauge(gauge);
  }
}
