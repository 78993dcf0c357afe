import { dollrAnswer, Metrics } from './metrics';

describe('metrics', () => {
  it.each([
    [200, '2xx'],
    [201, '2xx'],
    [401, '401'],
    [409, '4xx'],
    [422, '422'],
    [429, '429'],
    [502, '5xx'],
    ['timeout', 'timeout'],
    ['lost', 'lost'],
  ] as const)('names a Dollr answer %s as %s', (status, answer) => {
    expect(dollrAnswer(status)).toBe(answer);
  });

  it('counts Dollr exchanges, job runs and webhook deliveries under bounded labels', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.dollrExchange('executions.payout', '2xx', 0.2);
    metrics.dollrExchange('executions.payout', '2xx', 0.3);
    metrics.dollrExchange('executions.payout', '429', 0.01);
    metrics.jobRun('status-poll', 'SUCCEEDED', 1.5);
    metrics.webhookDelivery('refused');

    const text = await metrics.text();

    expect(text).toContain('dollr_requests_total{endpoint="executions.payout",answer="2xx"} 2');
    expect(text).toContain('dollr_requests_total{endpoint="executions.payout",answer="429"} 1');
    expect(text).toContain('dollr_request_duration_seconds_count{endpoint="executions.payout"} 3');
    expect(text).toContain('job_runs_total{job="status-poll",outcome="SUCCEEDED"} 1');
    expect(text).toContain('job_run_duration_seconds_sum{job="status-poll"} 1.5');
    expect(text).toContain('webhook_deliveries_total{outcome="refused"} 1');
  });

  it('reads a scraped gauge afresh at each scrape', async () => {
    const metrics = new Metrics({ processMetrics: false });
    let stuck = 2;
    metrics.addScrapedGauge({
      name: 'payments_stuck',
      help: 'STUCK payments',
      labelNames: [],
      read: () => Promise.resolve([{ labels: {}, value: stuck }]),
    });

    expect(await metrics.text()).toContain('payments_stuck 2');
    stuck = 0;
    expect(await metrics.text()).toContain('payments_stuck 0');
  });
});
