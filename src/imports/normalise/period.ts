/**
 * Pay periods. A period that names a month is kept in one form, `YYYY-MM`, whatever the file
 * wrote ("Nov-26", "novembre 2026", "11/2026", a date cell on the 1st), so that one employee's
 * month is one key across files. Anything else (a week, "Q4 2026", a pay date) is kept as written.
 */

/** Where the period of rows without one of their own came from. */
export const PERIOD_SOURCES = [
  'option',
  'profile',
  'title',
  'sheet',
  'file-name',
  'import-date',
] as const;
export type PeriodSource = (typeof PERIOD_SOURCES)[number];

export interface ImportPeriod {
  readonly value: string;
  readonly source: PeriodSource;
}

const MONTHS: readonly (readonly string[])[] = [
  ['january', 'jan', 'janvier', 'janv'],
  ['february', 'feb', 'fevrier', 'fevr', 'fev'],
  ['march', 'mar', 'mars'],
  ['april', 'apr', 'avril', 'avr'],
  ['may', 'mai'],
  ['june', 'jun', 'juin'],
  ['july', 'jul', 'juillet', 'juil'],
  ['august', 'aug', 'aout'],
  ['september', 'sep', 'sept', 'septembre'],
  ['october', 'oct', 'octobre'],
  ['november', 'nov', 'novembre'],
  ['december', 'dec', 'decembre'],
];

const MONTH_OF = new Map<string, number>(
  MONTHS.flatMap((names, i) => names.map((name) => [name, i + 1] as const)),
);
/** The month (1-12) an English or French month name or abbreviation names, without accents. */
export function monthNumber(name: string): number | undefined {
  return MONTH_OF.get(name.replace(/\.$/, ''));
}

/** Longest first, so "juillet" is not read as "juil" followed by letters. */
export const MONTH_NAMES = [...MONTH_OF.keys()].sort((a, b) => b.length - a.length).join('|');

const PATTERNS: readonly {
  readonly regex: RegExp;
  readonly read: (m: RegExpExecArray) => Month;
}[] = [
  // "January 2026", "janv. 2026", "Nov-26", "nov'26", "Nov_2026"
  {
    regex: new RegExp(`(?<![a-z])(${MONTH_NAMES})\\.?[\\s'_./-]*(\\d{4}|\\d{2})(?![\\d])`, 'g'),
    read: (m) => ({ month: MONTH_OF.get(m[1]) as number, year: fullYear(m[2]) }),
  },
  // "2026 November", "2026-Nov"
  {
    regex: new RegExp(`(?<!\\d)(\\d{4})[\\s_./-]*(${MONTH_NAMES})(?![a-z])`, 'g'),
    read: (m) => ({ month: MONTH_OF.get(m[2]) as number, year: Number(m[1]) }),
  },
  // "2026-11", "2026/11", "2026_11": not the start of a date (2026-11-30)
  {
    regex: /(?<!\d)(?<!\d[-/_.])((?:19|20)\d{2})[-/_.](0?[1-9]|1[0-2])(?!\d)(?![-/_.]\d)/g,
    read: (m) => ({ month: Number(m[2]), year: Number(m[1]) }),
  },
  // "11/2026", "11-2026", "11.2026": not the end of a date (30/11/2026)
  {
    regex: /(?<!\d)(?<!\d[-/_.])(0?[1-9]|1[0-2])[-/_.]((?:19|20)\d{2})(?!\d)/g,
    read: (m) => ({ month: Number(m[1]), year: Number(m[2]) }),
  },
];

interface Month {
  readonly month: number;
  readonly year: number;
}

function fullYear(text: string | undefined): number {
  const year = Number(text);
  return text?.length === 2 ? 2000 + year : year;
}

/** Lower case without accents, as month names are matched. */
export function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function format({ month, year }: Month): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The first month named in free text (a title, a sheet name, a file name), as `YYYY-MM`. */
export function findMonth(text: string): string | null {
  const lowered = plain(text);
  let first: { index: number; month: Month } | null = null;
  for (const { regex, read } of PATTERNS) {
    regex.lastIndex = 0;
    for (let m = regex.exec(lowered); m !== null; m = regex.exec(lowered)) {
      const month = read(m);
      if (month.year < 1990 || month.year > 2099) continue;
      if (first === null || m.index < first.index) first = { index: m.index, month };
      break;
    }
  }
  return first === null ? null : format(first.month);
}

/**
 * A period cell in its one form: a month (however written, or a date on its 1st) as `YYYY-MM`,
 * anything else as written.
 */
export function normalisePeriod(text: string): string {
  const trimmed = text.trim();
  const firstOfMonth =
    /^((?:19|20)\d{2})-(0[1-9]|1[0-2])-01(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(trimmed);
  if (firstOfMonth !== null) return `${firstOfMonth[1]}-${firstOfMonth[2]}`;
  const month = findMonth(trimmed);
  // Only when the month is all the cell says: "Nov 2026 bonus" stays as written.
  if (month !== null && isOnlyAMonth(trimmed)) return month;
  return trimmed;
}

function isOnlyAMonth(text: string): boolean {
  const rest = PATTERNS.reduce((left, { regex }) => left.replace(regex, ''), plain(text));
  return /^[\s,.;:()'_/-]*$/.test(rest);
}

export interface PeriodClues {
  /** The text of each row above the header, top down. */
  readonly titleRows: readonly string[];
  readonly sheetName: string | null;
  readonly fileName: string;
  /** `YYYY-MM` of the day of the import. */
  readonly importMonth: string;
}

/**
 * The period of rows that name neither a period nor a reference, when no `--period` (or profile
 * period) was given: the first month in the title rows, else in the sheet name, else in the file
 * name, else the month of the import.
 */
export function inferPeriod(clues: PeriodClues): ImportPeriod {
  for (const title of clues.titleRows) {
    const month = findMonth(title);
    if (month !== null) return { value: month, source: 'title' };
  }
  const fromSheet = clues.sheetName === null ? null : findMonth(clues.sheetName);
  if (fromSheet !== null) return { value: fromSheet, source: 'sheet' };
  const fromName = findMonth(clues.fileName.replace(/\.[a-z0-9]+$/i, ''));
  if (fromName !== null) return { value: fromName, source: 'file-name' };
  return { value: clues.importMonth, source: 'import-date' };
}

/** How the summary and the preview say where the period came from. */
export function describePeriodSource(source: PeriodSource | 'column'): string {
  switch (source) {
    case 'column':
      return "the file's period column";
    case 'option':
      return 'the period given with the import';
    case 'profile':
      return "the profile's period";
    case 'title':
      return 'the title rows above the header';
    case 'sheet':
      return 'the sheet name';
    case 'file-name':
      return 'the file name';
    case 'import-date':
      return 'the month of the import (no period was found in the file)';
  }
}
