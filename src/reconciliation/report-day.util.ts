/** The calendar day before `now` in `timeZone`, as YYYY-MM-DD: the day a nightly run reports on. */
export function previousDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const day = new Date(Date.UTC(part('year'), part('month') - 1, part('day') - 1));
  return day.toISOString().slice(0, 10);
}
