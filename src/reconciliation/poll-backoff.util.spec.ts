import { nextPollAt, statusPollDelayMs } from './poll-backoff.util';

const minutes = (n: number): number => n * 60_000;

describe('statusPollDelayMs', () => {
  it.each([
    [0, 0],
    [minutes(9), 0],
    [minutes(10), minutes(2)],
    [minutes(59), minutes(2)],
    [minutes(60), minutes(10)],
    [minutes(6 * 60), minutes(30)],
    [minutes(24 * 60), minutes(60)],
    [minutes(7 * 24 * 60), minutes(60)],
  ])('in flight %i ms: wait %i ms', (age, delay) => {
    expect(statusPollDelayMs(age)).toBe(delay);
  });

  it('never polls an older item more often than a younger one', () => {
    let previous = 0;
    for (let age = 0; age < minutes(48 * 60); age += minutes(5)) {
      const delay = statusPollDelayMs(age);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });
});

describe('nextPollAt', () => {
  const now = new Date('2026-11-28T10:00:00Z');

  it('is null when the payment is final', () => {
    expect(nextPollAt(null, minutes(90), now)).toBeNull();
  });

  it("keeps the executor's sooner look for young items", () => {
    const soon = new Date('2026-11-28T10:00:03Z');
    expect(nextPollAt(soon, minutes(1), now)).toEqual(soon);
  });

  it('backs off old items beyond what the executor asks', () => {
    const soon = new Date('2026-11-28T10:00:30Z');
    expect(nextPollAt(soon, minutes(90), now)).toEqual(new Date('2026-11-28T10:10:00Z'));
  });
});
