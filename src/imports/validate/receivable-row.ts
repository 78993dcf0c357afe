import Decimal from 'decimal.js';
import { formatMinorUnits, positiveMinorUnits } from '../../money/amount-input';
import type { Cell } from '../normalise/cell';
import type { RowIssue } from '../import.types';
import { parseDate } from '../normalise/dates';
import { parseFeeBearer, parseQuantity, parseTextField } from '../normalise/fields';
import type { ColumnMap } from '../profiles/header-detect';
import { readCurrency, readParty } from './party';
import type { ValidatedRow } from './payable-row';
import { type RowOptions, RowReader } from './row-reader';

/**
 * Normalises and checks one invoice line. `amount` is the line total, qty × unit price, which
 * must itself be a whole number of the currency's minor units.
 */
export function validateReceivableRow(
  cells: readonly Cell[],
  map: ColumnMap,
  options: RowOptions,
): ValidatedRow {
  const row = new RowReader(cells, map);
  const invoice_number = row.take('invoice_number', parseTextField(row.text('invoice_number'), 64));
  if (invoice_number === null && row.text('invoice_number').trim() === '') {
    row.fail('invoice_number', 'is missing: every line needs the number of its invoice');
  }
  const party = readParty(row, options, false);
  if (row.phoneText().trim() === '' && row.text('email').trim() === '') {
    row.fail(
      row.hasColumn('phone') ? 'phone' : 'email',
      'is missing: the customer needs a phone number or an email address to be asked to pay',
    );
  }
  const item = row.take('item', parseTextField(row.text('item'), 200));
  if (item === null && row.text('item').trim() === '') {
    row.fail('item', 'is missing: every invoice line needs an item or description');
  }

  let qty: string | null = null;
  if (row.text('qty').trim() === '') {
    qty = '1';
  } else {
    const parsedQty = row.amount('qty', options);
    if (parsedQty.ok) qty = row.take('qty', parseQuantity(parsedQty.value));
    else
      row.fail(
        'qty',
        parsedQty.problem === 'not-a-number' ? 'is not a quantity' : parsedQty.message,
      );
  }

  const price = row.amount('unit_price', options);
  if (!price.ok) {
    row.fail(
      'unit_price',
      price.problem === 'missing' ? 'is missing: every invoice line needs a price' : price.message,
    );
  }
  const currency = readCurrency(
    row,
    options,
    party.country_code,
    price.ok ? price.currencyHint : null,
  );

  let unit_price: string | null = null;
  let amount: string | null = null;
  let amountMinor: bigint | null = null;
  if (price.ok && currency !== null) {
    const unitMinor = positiveMinorUnits(price.value, currency);
    if (!unitMinor.ok) {
      row.fail('unit_price', unitMinor.message);
    } else {
      unit_price = formatMinorUnits(unitMinor.minor, currency);
      if (qty !== null) {
        const total = new Decimal(qty).times(price.value).toFixed();
        const totalMinor = positiveMinorUnits(total, currency);
        if (totalMinor.ok) {
          amountMinor = totalMinor.minor;
          amount = formatMinorUnits(totalMinor.minor, currency);
        } else {
          row.fail(
            'qty',
            `gives a line total of ${total} ${currency}, which ${totalMinor.message}`,
          );
        }
      }
    }
  }

  const dueDate = parseDate(row.cell('due_date'), options.profile.dateFormat);
  const due_date = row.take('due_date', dueDate);
  const warnings: RowIssue[] = [];
  if (dueDate.ok && dueDate.assumed !== undefined) {
    warnings.push({
      column: row.header('due_date'),
      value: row.text('due_date').trim(),
      message: dueDate.assumed,
    });
  }
  const fee_bearer =
    row.take('fee_bearer', parseFeeBearer(row.text('fee_bearer'))) ??
    options.profile.defaults.fee_bearer ??
    null;
  const note = row.take('note', parseTextField(row.text('note'), 500));

  return {
    fields: {
      // Spelled out rather than spread, which is far slower per row (see payable-row.ts).
      invoice_number,
      external_ref: party.external_ref,
      full_name: party.full_name,
      phone: party.phone,
      email: party.email,
      country_code: party.country_code,
      item,
      qty,
      unit_price,
      amount,
      currency,
      due_date,
      fee_bearer,
      note,
    },
    currency,
    amountMinor,
    errors: row.errors,
    warnings,
  };
}
