/**
 * The name of an imported file exported with its statuses: `payroll.csv` becomes
 * `payroll-with-status.csv`, so that it never overwrites the original in a downloads folder.
 */
export function withStatusName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return `${fileName}-with-status`;
  return `${fileName.slice(0, dot)}-with-status${fileName.slice(dot)}`;
}
