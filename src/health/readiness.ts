import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Whether this process should be sent work: not once it has begun to shut down (it finishes what
 * it holds and takes nothing new), so a load balancer moves traffic to another replica first.
 */
@Injectable()
export class Readiness {
  private drainingSince: Date | null = null;

  startDraining(now = new Date()): void {
    this.drainingSince ??= now;
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /**
   * How long the shutdown's work may still take so that the process exits within `graceMs` of
   * its start: a second is kept for closing the database and the HTTP server.
   */
  msLeft(graceMs: number, now = new Date()): number {
    const since = this.drainingSince ?? now;
    return Math.max(0, graceMs - 1_000 - (now.getTime() - since.getTime()));
  }
}

@Global()
@Module({ providers: [Readiness], exports: [Readiness] })
export class ReadinessModule {}
