import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CollectFunction,
} from 'prom-client';

/** How an exchange with Dollr ended, as a bounded label: a status class, 429, or no answer. */
export type DollrAnswer =
  '2xx' | '401' | '403' | '404' | '422' | '429' | '4xx' | '5xx' | 'timeout' | 'lost';

export function dollrAnswer(status: number | 'timeout' | 'lost'): DollrAnswer {
  if (status === 'timeout' || status === 'lost') return status;
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 500) return '5xx';
  if ([401, 403, 404, 422, 429].includes(status)) return String(status) as DollrAnswer;
  return '4xx';
}

/** A gauge read from the database when Prometheus scrapes (its labels are bounded enums). */
export interface ScrapedGauge {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  read(): Promise<readonly { labels: Record<string, string>; value: number }[]>;
}

/**
 * The process's Prometheus metrics, on a registry of its own. Labels name kinds, statuses,
 * endpoints and jobs, never ids, so their number stays bounded however much is paid.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly dollrRequests = new Counter({
    name: 'dollr_requests_total',
    help: 'HTTP requests sent to Dollr, by endpoint (client operation) and answer',
    labelNames: ['endpoint', 'answer'] as const,
    registers: [this.registry],
  });

  private readonly dollrLatency = new Histogram({
    name: 'dollr_request_duration_seconds',
    help: 'Time from sending a request to Dollr to its answer (or to giving up on it)',
    labelNames: ['endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly jobRuns = new Counter({
    name: 'job_runs_total',
    help: 'Scheduled job runs by job and outcome (SUCCEEDED, FAILED, SKIPPED)',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'job_run_duration_seconds',
    help: 'How long scheduled job runs took, by job',
    labelNames: ['job'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'ERP webhook deliveries by outcome (delivered: 2xx; refused: another answer; failed: no answer)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics: boolean } = { processMetrics: true }) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  dollrExchange(endpoint: string, answer: DollrAnswer, seconds: number): void {
    this.dollrRequests.inc({ endpoint, answer });
    this.dollrLatency.observe({ endpoint }, seconds);
  }

  jobRun(job: string, outcome: string, seconds: number): void {
    this.jobRuns.inc({ job, outcome });
    this.jobDuration.observe({ job }, seconds);
  }

  webhookDelivery(outcome: 'delivered' | 'refused' | 'failed'): void {
    this.webhookDeliveries.inc({ outcome });
  }

  /** A gauge whose values are read (from the database) at each scrape. */
  addScrapedGauge(gauge: ScrapedGauge): void {
    const collect: CollectFunction<Gauge> = async function (this: Gauge) {
      this.reset();
      for (const { labels, value } of await gauge.read()) this.set(labels, value);
    };
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      labelNames: [...gauge.labelNames],
      registers: [this.registry],
      collect,
    });
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
