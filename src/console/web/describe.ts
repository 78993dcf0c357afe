/** A JSON value from the API (counts, audit details) as short readable text: `key: value, …`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(describeValue).join('; ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([key, inner]) =>
          `${key}: ${typeof inner === 'object' && inner !== null ? `(${describeValue(inner)})` : describeValue(inner)}`,
      )
      .join(', ');
  }
  return JSON.stringify(value);
}
