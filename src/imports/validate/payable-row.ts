import { type CurrencyCode } from '../../money/currency';
import { formatMinorUnits, positiveMinorUnits } from '../../money/amount-input';
import type { RowFields, RowIssue } from '../import.types';
import type { Cell } from '../normalise/cell';
import { parseMethod, parsePeriod, parseTextField } from '../normalise/fields';
import type { ColumnMap } from '../profiles/header-detect';
import { readCurrency, readParty } from './party';
import { type RowOptions, RowReader } from './row-reader';

export interface ValidatedRow {
  readonly fields: RowFields;
  readonly currency: CurrencyCode | null;
  readonly amountMinor: bigint | null;
  readonly errors: RowIssue[];
  /** The row named neither a period nor a reference and was given the import's period. */
  readonly usedImportPeriod?: boolean;
  /** What was assumed in reading the row (a date's day/month order). */
  readonly warnings?: readonly RowIssue[];
}

/**
 * Normalises and checks one payable (payroll line, supplier bill). A row that names neither a
 * period nor a reference gets `importPeriod`; without one it is invalid.
 */
export function validatePayableRow(
  cells: readonly Cell[],
  map: ColumnMap,
  options: RowOptions,
  importPeriod: string | null = null,
): ValidatedRow {
  const row = new RowReader(cells, map);
  const party = readParty(row, options, true);

  const parsed = row.amount('amount', options);
  const amountValue = parsed.ok ? parsed.value : null;
  if (!parsed.ok) {
    row.fail(
      'amount',
      parsed.problem === 'missing' ? 'is missing: every payment needs an amount' : parsed.message,
    );
  }
  const currency = readCurrency(
    row,
    options,
    party.country_code,
    parsed.ok ? parsed.currencyHint : null,
  );
  let amountMinor: bigint | null = null;
  let amount: string | null = null;
  if (amountValue !== null && currency !== null) {
    const minor = positiveMinorUnits(amountValue, currency);
    if (minor.ok) {
      amountMinor = minor.minor;
      amount = formatMinorUnits(minor.minor, currency);
    } else {
      row.fail('amount', minor.message);
    }
  }

  const method = row.take('method', parseMethod(row.text('method'), party.country_code));
  let period = row.take('period', parsePeriod(row.text('period')));
  const reference = row.take('reference', parseTextField(row.text('reference'), 64));
  let usedImportPeriod = false;
  if (
    period === null &&
    reference === null &&
    row.errors.every((e) => e.column !== row.header('period'))
  ) {
    if (importPeriod !== null) {
      period = importPeriod;
      usedImportPeriod = true;
    } else {
      row.fail(
        row.hasColumn('period') ? 'period' : 'reference',
        'is missing: every payment needs its pay period or bill reference, so that it is never paid twice',
      );
    }
  }
  const note = row.take('note', parseTextField(row.text('note'), 500));

  return {
    // Spelled out: `{ ...party, amount, … }` costs V8 ~15 µs a row, most of an import row's time.
    fields: {
      external_ref: party.external_ref,
      full_name: party.full_name,
      phone: party.phone,
      email: party.email,
      country_code: party.country_code,
      amount,
      currency,
      method,
      period,
      reference,
      note,
    },
    currency,
    amountMinor,
    errors: row.errors,
    usedImportPeriod,
  };
}
