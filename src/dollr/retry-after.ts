/**
 * Parses an HTTP `Retry-After` header into a delay in milliseconds, or `undefined` when it is
 * missing or unusable. Two forms exist (RFC 9110 §10.2.3): a whole number of seconds, or an HTTP
 * date. A date in the past means "now" (0).
 */
export function parseRetryAfterMs(
  header: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const dateMs = parseHttpDate(value);
  if (dateMs === undefined) return undefined;
  return Math.max(0, dateMs - nowMs);
}

const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}:\d{2}:\d{2}) (\d{4})$/;

/** The three HTTP date formats, always GMT. Anything else (even what Date.parse accepts) is refused. */
function parseHttpDate(value: string): number | undefined {
  let normalised: string;
  if (IMF_FIXDATE.test(value) || RFC_850.test(value)) {
    normalised = value;
  } else {
    const asctime = ASCTIME.exec(value);
    if (asctime === null) return undefined;
    const [, month, day, time, year] = asctime;
    // asctime carries no zone; HTTP says GMT. Rewritten so Date.parse does not use local time.
    normalised = `${day.trim()} ${month} ${year} ${time} GMT`;
  }
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}
