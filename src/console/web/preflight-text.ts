/** What the batch page says of a pre-flight not finished yet: never run, or stopped part-way. */
export function unfinishedPreflightText(preflight: {
  readonly checked: number;
  readonly total: number;
}): string {
  if (preflight.checked === 0) {
    return 'Not run yet: it finds each payee’s operator, the fees and the totals.';
  }
  return (
    `Checked ${preflight.checked} of ${preflight.total} payments so far: Dollr could not answer ` +
    'for the others yet. Run pre-flight again to go on; the service also goes on with it by itself.'
  );
}
