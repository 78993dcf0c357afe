export type Delimiter = ',' | ';' | '\t' | '|';

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Occurrences of each candidate outside double quotes, per line of the sample. */
function countsPerLine(sample: string): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(CANDIDATES.map((d) => [d, [0]]));
  let quoted = false;
  for (const char of sample) {
    if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === '\n') {
      for (const list of counts.values()) list.push(0);
    } else if (!quoted) {
      const list = counts.get(char as Delimiter);
      if (list !== undefined) list[list.length - 1] = (list[list.length - 1] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * The delimiter of a CSV file from its first lines: the candidate that splits the most lines into
 * the same number (greater than zero) of fields. Title lines with no delimiter do not count
 * against it. Ties go to the comma, then ; tab |.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample.split('\n');
  // The last line of a sample may be cut short.
  const text = lines.length > 1 ? lines.slice(0, -1).join('\n') : sample;
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const [delimiter, counts] of countsPerLine(text)) {
    const frequency = new Map<number, number>();
    for (const count of counts)
      if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let score = 0;
    for (const [fields, lineCount] of frequency) score = Math.max(score, lineCount * 1000 + fields);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}
