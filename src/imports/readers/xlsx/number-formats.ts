/**
 * Which number formats show a number as a date or time. A date cell is a number in the file (days
 * since 1900 or 1904); only its style's number format says it is a date.
 */

/**
 * Built-in formats that are dates or times: 14–22 in every locale; 27–36 and 50–58 are the East
 * Asian date formats; 45–47 are mm:ss, [h]:mm:ss and mmss.0.
 */
const BUILT_IN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

export function isBuiltInDateFormat(id: number): boolean {
  return BUILT_IN_DATE_IDS.has(id);
}

/**
 * A custom format code shows a date or time when it has a day, month, year, hour or second
 * outside quoted text, escaped characters, fill and spacing characters and [colour]/[condition]
 * brackets; a code whose only time part is elapsed ([h], [m], [s]) with no day or year is a
 * duration, not a date.
 */
export function isDateFormatCode(code: string): boolean {
  let dateLetters = false;
  let dayOrYear = false;
  let elapsed = false;
  for (let i = 0; i < code.length; i += 1) {
    const c = code[i] ?? '';
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      if (close < 0) break;
      i = close;
    } else if (c === '\\' || c === '_' || c === '*') {
      i += 1;
    } else if (c === '[') {
      const close = code.indexOf(']', i + 1);
      if (close < 0) break;
      if (/^\[(h+|m+|s+)\]$/i.test(code.slice(i, close + 1))) elapsed = true;
      i = close;
    } else {
      const lower = c.toLowerCase();
      if (lower === 'd' || lower === 'y') {
        dateLetters = true;
        dayOrYear = true;
      } else if (lower === 'm' || lower === 'h' || lower === 's') {
        dateLetters = true;
      }
    }
  }
  if (!dateLetters && !elapsed) return false;
  if (elapsed && !dayOrYear) return false;
  return dateLetters;
}
