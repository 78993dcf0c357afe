import { randomInt } from 'node:crypto';
import {
  applyFaults,
  type FaultSettings,
  NO_FAULTS,
  RateWindow,
  seededRandom,
  TrafficLog,
} from './rules/faults';

/** This process's fault settings and random source; faults are per sandbox instance, not shared. */
export class FaultState {
  private current: FaultSettings;
  private random: () => number;
  readonly rateWindow = new RateWindow();
  readonly traffic = new TrafficLog();

  constructor(initial: FaultSettings) {
    this.current = initial;
    this.random = FaultState.randomFor(initial);
  }

  get settings(): FaultSettings {
    return this.current;
  }

  next(): number {
    return this.random();
  }

  /** Applies changes; a new seed restarts the random sequence. */
  update(changes: string | Readonly<Record<string, unknown>>): FaultSettings {
    const next = applyFaults(this.current, changes);
    const reseed = next.seed !== this.current.seed;
    this.current = next;
    if (reseed) this.random = FaultState.randomFor(next);
    return next;
  }

  /** Back to no faults; the seed, if any, is kept and its sequence restarted. */
  clear(): FaultSettings {
    this.current = { ...NO_FAULTS, seed: this.current.seed };
    this.random = FaultState.randomFor(this.current);
    return this.current;
  }

  private static randomFor(settings: FaultSettings): () => number {
    return seededRandom(settings.seed ?? randomInt(2 ** 31));
  }
}
