import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { redactText } from '../common/redact';
import { settleWithin } from '../common/settle-within';
import { AppConfig } from '../config/app-config';
import { Readiness } from '../health/readiness';
import { BatchRunner } from './batch-runner';

/**
 * In the service: every second, works on every batch that has work (running batches, and payments
 * still in flight in paused or canceled ones). Replicas do the same; the database claims keep them
 * from working on the same payment.
 *
 * On SIGTERM it claims nothing more and lets the steps in flight finish, each releasing its
 * payment for another replica at once, for at most SHUTDOWN_GRACE_SECONDS (while the HTTP
 * server still answers, /health/ready says not ready). A step still running then is left as a
 * crash would leave it: its send was counted before it left, so the next worker polls first.
 */
@Injectable()
export class BatchWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger(BatchWorker.name);
  private readonly active = new Map<number, Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly runner: BatchRunner,
    private readonly readiness: Readiness,
    private readonly config: AppConfig,
  ) {}

  @Interval(1_000)
  async tick(): Promise<void> {
    if (this.stop.signal.aborted) return;
    let ids: number[];
    try {
      ids = await this.runner.batchesWithWork();
    } catch (error) {
      this.logger.warn(`cannot list batches: ${redactText((error as Error).message)}`);
      return;
    }
    for (const id of ids) {
      if (this.active.has(id)) continue;
      const work = this.runner
        .work(id, { untilDone: true, signal: this.stop.signal })
        .catch((error: unknown) =>
          this.logger.error(`batch ${id}: ${redactText((error as Error).message)}`),
        )
        .finally(() => this.active.delete(id));
      this.active.set(id, work);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.readiness.startDraining();
    this.stop.abort();
    const inFlight = this.active.size;
    if (inFlight === 0) return;
    this.logger.log(`Shutting down: letting the work on ${inFlight} batch(es) finish`);
    if (
      !(await settleWithin(
        [...this.active.values()],
        this.readiness.msLeft(this.config.shutdownGraceMs),
      ))
    ) {
      this.logger.warn(
        'SHUTDOWN_GRACE_SECONDS ran out with payments still in flight: their leases expire and another worker polls them',
      );
    }
  }
}
