import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { ServiceUnavailableException } from '@nestjs/common';
import { redactUrlCredentials } from '../common/redact';
import { AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import { EmbeddedSandbox } from '../dollr/embedded-sandbox';
import { AppError } from '../common/app-error';
import { Public } from '../auth/auth.decorators';
import { Readiness } from './readiness';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseService,
    private readonly config: AppConfig,
    private readonly sandbox: EmbeddedSandbox,
    private readonly readiness: Readiness,
  ) {}

  /**
   * Whether to send this replica work: its database reachable with every migration applied (not
   * while another replica migrates it), and not shutting down. `/health` stays the liveness check.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Ready for work: database current and the process not shutting down (503 otherwise)',
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.databaseAndMigrations(),
        () => {
          const process = this.indicators.check('process');
          return this.readiness.draining
            ? process.down({ state: 'shutting down' })
            : process.up({ state: 'running' });
        },
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        throw new AppError(
          'NOT_READY',
          'The connector is not ready for work',
          503,
          error.getResponse(),
        );
      }
      throw error;
    }
  }

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Database reachable, migrations current, and which Dollr the connector talks to',
  })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.databaseAndMigrations(), () => this.dollr()]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        throw new AppError('UNHEALTHY', 'The connector is not healthy', 503, error.getResponse());
      }
      throw error;
    }
  }

  private async databaseAndMigrations(): Promise<HealthIndicatorResult> {
    const status = await this.database.status();
    const database = this.indicators.check('database');
    const migrations = this.indicators.check('migrations');
    const databaseResult = status.reachable
      ? database.up({ type: status.type })
      : database.down({ type: status.type, message: status.error ?? 'unreachable' });
    const migrationsResult =
      status.reachable && status.pendingMigrations.length === 0
        ? migrations.up({ applied: status.appliedMigrations.length })
        : migrations.down({ pending: status.pendingMigrations });
    return { ...databaseResult, ...migrationsResult };
  }

  private dollr(): HealthIndicatorResult {
    const { mode, baseUrl } = this.config.dollr;
    return this.indicators
      .check('dollr')
      .up(
        mode === 'sandbox'
          ? { mode, sandboxUrl: this.sandbox.url, note: 'SANDBOX: no real money moves' }
          : { mode, baseUrl: redactUrlCredentials(baseUrl) },
      );
  }
}
