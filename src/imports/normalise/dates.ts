import type { DateFormat } from '../profiles/profile.types';
import type { FieldProblem } from './fields';
import { MONTH_NAMES, monthNumber, plain } from './period';

/** A date read from a cell, and the day/month order assumed when the cell left it open. */
export type DateResult =
  { readonly ok: true; readonly value: string | null; readonly assumed?: string } | FieldProblem;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+Z?)?$/;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const DAY_MONTH_YEAR = new RegExp(
  `^(\\d{1,2})(?:st|nd|rd|th|er)?[\\s./-]+(${MONTH_NAMES})\\.?[\\s.,/-]+(\\d{4}|\\d{2})$`,
);
const MONTH_DAY_YEAR = new RegExp(
  `^(${MONTH_NAMES})\\.?[\\s./-]+(\\d{1,2})(?:st|nd|rd|th)?[\\s.,/-]+(\\d{4}|\\d{2})$`,
);

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

const ok = (value: string | null, assumed?: string): DateResult =>
  assumed === undefined ? { ok: true, value } : { ok: true, value, assumed };
const problem = (message: string): FieldProblem => ({ ok: false, message });

const NOT_A_DATE =
  'is not a date: write it as YYYY-MM-DD, DD/MM/YYYY or with the month in words (28 Jan 2026)';

/**
 * A date cell: an Excel date, `YYYY-MM-DD`, a date with the month in words (`Jan 28 2021`,
 * `28 janv. 2021`) or in digits (`28.01.2021`, `05.12.25`). Digits are read in the profile's
 * order; a profile that gives none reads a day above 12 as the day, and when both could be the
 * day, reads the first as the day and says so.
 */
export function parseDate(cell: string | number, format: DateFormat): DateResult {
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 1 || cell > 2958465) return problem(NOT_A_DATE);
    return ok(new Date(EXCEL_EPOCH_MS + cell * 86_400_000).toISOString().slice(0, 10));
  }
  const text = cell.trim();
  if (text === '') return ok(null);
  if (/^\d{5}$/.test(text)) return parseDate(Number(text), format);

  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst)
    return valid(isoOf(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])));

  const words = plain(text);
  const dayMonth = DAY_MONTH_YEAR.exec(words);
  if (dayMonth) {
    return valid(
      isoOf(fullYear(dayMonth[3] ?? ''), monthNumber(dayMonth[2] ?? '') ?? 0, Number(dayMonth[1])),
    );
  }
  const monthDay = MONTH_DAY_YEAR.exec(words);
  if (monthDay) {
    return valid(
      isoOf(fullYear(monthDay[3] ?? ''), monthNumber(monthDay[1] ?? '') ?? 0, Number(monthDay[2])),
    );
  }

  const numeric = NUMERIC.exec(text);
  if (numeric)
    return numericDate(Number(numeric[1]), Number(numeric[2]), fullYear(numeric[3] ?? ''), format);
  return problem(NOT_A_DATE);
}

function valid(date: string | null): DateResult {
  return date === null ? problem(NOT_A_DATE) : ok(date);
}

function numericDate(first: number, second: number, year: number, format: DateFormat): DateResult {
  if (format === 'DD/MM/YYYY') return orderedDate(isoOf(year, second, first), format);
  if (format === 'MM/DD/YYYY') return orderedDate(isoOf(year, first, second), format);
  // No order in the profile: a number above 12 can only be the day.
  if (first > 12) return valid(isoOf(year, second, first));
  if (second > 12) return valid(isoOf(year, first, second));
  const date = isoOf(year, second, first);
  if (date === null) return problem(NOT_A_DATE);
  if (first === second) return ok(date);
  return ok(
    date,
    `was read day first, as ${first} ${MONTHS_EN[second - 1]} ${year}; if it is ${MONTHS_EN[first - 1]} ${second}, set the profile's dateFormat to MM/DD/YYYY`,
  );
}

function orderedDate(date: string | null, format: DateFormat): DateResult {
  return date === null ? problem(`is not a date in the form ${format} or YYYY-MM-DD`) : ok(date);
}
