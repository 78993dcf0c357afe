import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { redactText } from '../common/redact';
import { BatchRunner } from './batch-runner';

/**
 * In the service: every second, works on every batch that has work (running batches, and payments
 * still in flight in paused or canceled ones). Replicas do the same; the database claims keep them
 * from working on the same payment.
 */
@Injectable()
export class BatchWorker implements OnApplicationShutdown {
  private readonly logger = new Logger(BatchWorker.name);
  private readonly active = new Map<number, Promise<void>>();
  private readonly stop = new AbortController();

  constructor(private readonly runner: BatchRunner) {}

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

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.active.values());
  }
}
