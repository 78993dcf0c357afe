import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** One Metrics registry per process, for every module that counts something. */
@Global()
@Module({
  providers: [{ provide: Metrics, useFactory: () => new Metrics() }],
  exports: [Metrics],
})
export class MetricsModule {}
