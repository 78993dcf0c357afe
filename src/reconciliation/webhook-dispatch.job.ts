import { Injectable, Logger } from '@nestjs/common';
import { WORKER_ID } from '../common/worker-id';
import { AppConfig } from '../config/app-config';
import { redactText, redactUrlCredentials } from '../common/redact';
import type { JobResult, ScheduledJob } from './job.types';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSender } from './webhook-sender';
import { webhookRetryDelayMs } from './webhook-signature.util';

/** Deliveries tried in one run at most; the rest wait for the next run. */
const MAX_PER_RUN = 500;
const LEASE_MS = 60_000;

/**
 * The ERP webhook: makes an event for each payment that reached a final status, then delivers
 * every due event to WEBHOOK_URL, signed, retrying failures with exponential backoff and giving up
 * after WEBHOOK_MAX_ATTEMPTS. Each delivery is logged (never the secret).
 */
@Injectable()
export class WebhookDispatchJob implements ScheduledJob {
  readonly name = 'webhook-dispatch' as const;
  readonly schedule: string | null;
  private readonly logger = new Logger(WebhookDispatchJob.name);

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {
    this.schedule = config.jobs.schedules.webhookDispatch;
  }

  async run(now: Date): Promise<JobResult> {
    const webhook = this.config.webhook;
    if (webhook === null) return { skipped: 'WEBHOOK_URL is not set' };
    const counts = { created: 0, delivered: 0, retrying: 0, failed: 0 };
    counts.created = await this.outbox.enqueueFinalPayments(now);
    const target = redactUrlCredentials(webhook.url);
    let firstProblem: string | null = null;
    for (const id of await this.outbox.due(new Date(), MAX_PER_RUN)) {
      const started = new Date();
      const event = await this.outbox.claim(id, WORKER_ID, LEASE_MS, started);
      if (event === null) continue;
      const attempt = event.attempts + 1;
      const result = await this.sender.deliver(
        webhook.url,
        webhook.secret,
        event.eventId,
        event.body,
      );
      const label = `event ${event.eventId} (${event.eventType}, ${event.entityType} ${event.entityId}) delivery ${attempt} to ${target}`;
      const took = Date.now() - started.getTime();
      if (result.ok) {
        await this.outbox.delivered(event, result.statusCode, new Date());
        counts.delivered += 1;
        this.logger.log(`${label}: HTTP ${result.statusCode} in ${took} ms`);
        continue;
      }
      const reason = redactText(
        result.statusCode === null ? result.error : `HTTP ${result.statusCode}`,
      );
      const retryAt =
        attempt >= webhook.maxAttempts
          ? null
          : new Date(Date.now() + webhookRetryDelayMs(attempt, webhook.retryBaseMs));
      await this.outbox.failed(event, result.statusCode, reason, retryAt);
      firstProblem ??= `${label}: ${reason}`;
      if (retryAt === null) {
        counts.failed += 1;
        this.logger.error(`${label}: ${reason}; gave up after ${attempt} deliveries`);
      } else {
        counts.retrying += 1;
        this.logger.warn(`${label}: ${reason}; next try at ${retryAt.toISOString()}`);
      }
    }
    if (firstProblem !== null && counts.delivered === 0) {
      // The receiver took none of this run's deliveries: the run did not do its work.
      return { counts, failed: `no event could be delivered; the first: ${firstProblem}` };
    }
    return { counts };
  }
}
