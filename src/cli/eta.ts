/**
 * The time left at the rate so far, for a progress bar: "--" until something is done (never
 * "INF" or "NFs"), "0s" once all is, else seconds, minutes or hours ("45s", "3m 05s", "1h 02m").
 */
export function etaText(done: number, total: number, elapsedMs: number): string {
  if (done >= total) return '0s';
  if (done <= 0 || elapsedMs <= 0) return '--';
  const seconds = Math.ceil(((total - done) * elapsedMs) / done / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
