/** Decimals of each currency the connector pays in; another currency shows 2. */
const CURRENCY_DECIMALS: Readonly<Record<string, number>> = { USD: 2, LRD: 2, RWF: 0 };

export function currencyDecimals(currency: string): number {
  return CURRENCY_DECIMALS[currency] ?? 2;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A decimal string from the API as the currency shows it: thousands separated, exactly the
 * currency's decimals ("1250.5" USD → "1,250.50"; "15000" RWF → "15,000"). Works on the digits,
 * never through a float. Digits beyond the currency's decimals are kept unless they are zeros
 * (an invalid amount is shown as written); text that is not a decimal is returned as it is.
 */
export function formatAmount(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount.trim() === '') return '—';
  const match = DECIMAL.exec(amount.trim());
  if (match === null) return amount;
  const [, sign = '', integer = '0', fraction = ''] = match;
  const decimals = currencyDecimals(currency);
  let digits = fraction.padEnd(decimals, '0');
  while (digits.length > decimals && digits.endsWith('0')) digits = digits.slice(0, -1);
  const grouped = integer.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negativeZero = sign === '-' && /^0*$/.test(integer + digits);
  return `${negativeZero ? '' : sign}${grouped}${digits === '' ? '' : `.${digits}`}`;
}

/** An amount followed by its currency code, kept on one line. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  const formatted = formatAmount(amount, currency);
  return formatted === '—' ? formatted : `${formatted}\u00a0${currency}`;
}

/**
 * A UTC timestamp from the API in the browser's time zone (or `timeZone`, for tests), with its
 * zone's short name so the reader knows which clock it is.
 */
export function formatDateTime(
  iso: string | null | undefined,
  locale?: string,
  timeZone?: string,
): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(date);
}

/**
 * A job run's slot: the scheduled fire time (stored in UTC) in the reader's time zone; a run by
 * hand has a slot of its own that means nothing to a reader.
 */
export function formatJobSlot(slot: string, locale?: string, timeZone?: string): string {
  return slot.startsWith('manual:') ? 'by hand' : formatDateTime(slot, locale, timeZone);
}

/** A file size in bytes, KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The name of an imported file downloaded with its statuses, as the server names it
 * (src/reports/with-status-name.ts): `payroll.csv` → `payroll-with-status.csv`, so that it never
 * overwrites the original in a downloads folder. A name without an extension gets none.
 */
export function withStatusName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return `${fileName}-with-status`;
  return `${fileName.slice(0, dot)}-with-status${fileName.slice(dot)}`;
}
