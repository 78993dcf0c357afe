import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { RATE_BUDGET_STORE, type RateBudgetStore } from '../dollr/shared-rate-budget';
import { DatabaseRateBudgetStore } from './database-rate-budget-store';
import { RedisRateBudgetStore } from './redis-rate-budget-store';

/** Closes the Redis connection, when the budget is kept there, after the Dollr client left. */
@Injectable()
class RedisConnectionShutdown implements OnApplicationShutdown {
  constructor(@Inject(RATE_BUDGET_STORE) private readonly store: RateBudgetStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof RedisRateBudgetStore) this.store.close();
  }
}

/**
 * Where the processes sending for one merchant share its Dollr rate limit: Redis when REDIS_URL
 * is set, otherwise the database. Global, so the Dollr client finds it wherever it is built.
 */
@Global()
@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: RATE_BUDGET_STORE,
      inject: [AppConfig, getDataSourceToken()],
      useFactory: (config: AppConfig, dataSource: DataSource): RateBudgetStore =>
        config.dollr.redisUrl === undefined
          ? new DatabaseRateBudgetStore(dataSource)
          : RedisRateBudgetStore.connect(config.dollr.redisUrl, config.dollr.clientId ?? 'sandbox'),
    },
    RedisConnectionShutdown,
  ],
  exports: [RATE_BUDGET_STORE],
})
export class RateBudgetModule {}
