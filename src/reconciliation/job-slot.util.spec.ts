import { formatSlot, manualSlot, scheduledSlot, slotResolutionMs } from './job-slot.util';

describe('scheduledSlot', () => {
  it.each([
    ['* * * * *', '2026-11-28T10:00:00.004Z', '2026-11-28T10:00:00Z'],
    ['* * * * *', '2026-11-28T10:00:41.900Z', '2026-11-28T10:00:00Z'],
    ['*/15 * * * *', '2026-11-28T10:16:02.000Z', '2026-11-28T10:15:00Z'],
    ['0 2 * * *', '2026-11-28T02:00:00.020Z', '2026-11-28T02:00:00Z'],
    // A tick that came 7 minutes late still belongs to its own fire time.
    ['0 2 * * *', '2026-11-28T02:07:13.000Z', '2026-11-28T02:00:00Z'],
    ['*/5 * * * * *', '2026-11-28T10:00:07.300Z', '2026-11-28T10:00:05Z'],
    ['* * * * * *', '2026-11-28T10:00:07.999Z', '2026-11-28T10:00:07Z'],
  ])('%s ticking at %s belongs to slot %s', (expression, now, slot) => {
    expect(scheduledSlot(expression, 'Africa/Monrovia', new Date(now))).toBe(slot);
  });

  it('reads the schedule in its time zone and gives the slot in UTC', () => {
    // 02:00 in Kigali (UTC+2) is 00:00 UTC.
    expect(scheduledSlot('0 2 * * *', 'Africa/Kigali', new Date('2026-11-28T00:00:01Z'))).toBe(
      '2026-11-28T00:00:00Z',
    );
  });

  it('falls back to the truncated time when no fire time is near (a manual trigger)', () => {
    expect(scheduledSlot('0 2 * * *', 'UTC', new Date('2026-11-28T13:45:12Z'))).toBe(
      '2026-11-28T13:45:00Z',
    );
  });

  it('gives two replicas ticking a few hundred ms apart the same slot', () => {
    const a = scheduledSlot('* * * * *', 'UTC', new Date('2026-11-28T10:05:00.010Z'));
    const b = scheduledSlot('* * * * *', 'UTC', new Date('2026-11-28T10:05:00.480Z'));
    expect(a).toBe(b);
  });
});

describe('slot helpers', () => {
  it('has minute slots for 5 fields and second slots for 6', () => {
    expect(slotResolutionMs('* * * * *')).toBe(60_000);
    expect(slotResolutionMs('*/10 * * * * *')).toBe(1_000);
  });

  it('formats a slot without milliseconds', () => {
    expect(formatSlot(new Date('2026-11-28T10:05:59.999Z'), 60_000)).toBe('2026-11-28T10:05:00Z');
  });

  it('gives every manual run its own slot', () => {
    const now = new Date('2026-11-28T10:05:00Z');
    expect(manualSlot(now)).toMatch(/^manual:2026-11-28T10:05:00\.000Z:[0-9a-f]{6}$/);
    expect(manualSlot(now)).not.toBe(manualSlot(now));
  });
});
