import { IS_PUBLIC } from '../auth/auth.decorators';
import type { AppConfig } from '../config/app-config';
import { MetricsController, PublicMetricsController } from './metrics.controller';
import { MonitoringModule } from './monitoring.module';

describe('GET /metrics', () => {
  const withPublic = (metricsPublic: boolean) =>
    MonitoringModule.forRoot({ http: { metricsPublic } } as AppConfig).controllers;

  it('needs an API key unless METRICS_PUBLIC=true', () => {
    expect(withPublic(false)).toEqual([MetricsController]);
    expect(withPublic(true)).toEqual([PublicMetricsController]);
    expect(Reflect.getMetadata(IS_PUBLIC, PublicMetricsController.prototype.show)).toBe(true);
    expect(Reflect.getMetadata(IS_PUBLIC, MetricsController.prototype.show)).toBeUndefined();
  });
});
