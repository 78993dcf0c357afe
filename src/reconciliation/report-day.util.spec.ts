import { previousDay } from './report-day.util';

describe('previousDay', () => {
  it.each([
    ['2026-11-28T02:00:00Z', 'Africa/Monrovia', '2026-11-27'],
    ['2026-03-01T02:00:00Z', 'UTC', '2026-02-28'],
    ['2026-01-01T00:30:00Z', 'UTC', '2025-12-31'],
    // 23:30 UTC on the 27th is already 01:30 on the 28th in Kigali.
    ['2026-11-27T23:30:00Z', 'Africa/Kigali', '2026-11-27'],
  ])('at %s in %s the day before is %s', (now, zone, day) => {
    expect(previousDay(new Date(now), zone)).toBe(day);
  });
});
