/** Injectable time, so the client's waits can be tested without real delays. */

/** Milliseconds since the epoch. */
export type Clock = () => number;

export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = () => Date.now();

export const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, Math.max(0, ms));
  });
