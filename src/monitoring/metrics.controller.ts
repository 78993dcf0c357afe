import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Metrics } from '../metrics/metrics';

const SUMMARY =
  'Prometheus metrics: payments, Dollr requests and latency, leases, STUCK payments, job runs, webhooks, imports, and the process';

async function scrape(metrics: Metrics, response: Response): Promise<string> {
  response.setHeader('Content-Type', metrics.contentType);
  return metrics.text();
}

/** `GET /metrics` with an API key, like the rest of the API (any role). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: SUMMARY })
  @ApiOkResponse({ description: 'Prometheus text format' })
  show(@Res({ passthrough: true }) response: Response): Promise<string> {
    return scrape(this.metrics, response);
  }
}

/** `GET /metrics` without a key (METRICS_PUBLIC=true). */
@ApiTags('operations')
@Controller('metrics')
export class PublicMetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: `${SUMMARY} (no key needed: METRICS_PUBLIC=true)` })
  @ApiOkResponse({ description: 'Prometheus text format' })
  show(@Res({ passthrough: true }) response: Response): Promise<string> {
    return scrape(this.metrics, response);
  }
}
