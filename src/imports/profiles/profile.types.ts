import type { CurrencyCode, MarketCode } from '../../money/currency';
import type { DecimalSeparator } from '../../money/amount-input';
import type { FeeBearer, RelationshipType } from '../../dollr/types/enums';
import type { ImportField, ImportKind } from '../import.types';

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** `full_name` joined from several columns (first name, last name), each named by its headers. */
export interface JoinedColumns {
  readonly join: readonly (readonly string[])[];
}

export const NET_AMOUNT_RULES = ['debit-minus-credit', 'credit-minus-debit'] as const;
export type NetAmountRule = (typeof NET_AMOUNT_RULES)[number];

/** A payable's amount from a ledger's debit and credit columns: one minus the other. */
export interface NetAmountColumns {
  readonly debit: readonly string[];
  readonly credit: readonly string[];
  readonly amountIs: NetAmountRule;
}

/** Fields read from more than one column. */
export interface ComposedFields {
  readonly full_name?: JoinedColumns;
  readonly amount?: NetAmountColumns;
}

/** A mapping profile: which header means which field, and the file's conventions. */
export interface ImportProfile {
  readonly name: string;
  readonly description: string;
  readonly type: ImportKind;
  readonly relationship: RelationshipType;
  /** For each field, the header names that mean it (first match in the file wins). */
  readonly columns: Readonly<Partial<Record<ImportField, readonly string[]>>>;
  readonly defaults: {
    readonly country?: MarketCode;
    readonly currency?: CurrencyCode;
    readonly fee_bearer?: FeeBearer;
  };
  readonly decimalSeparator: DecimalSeparator;
  readonly dateFormat: DateFormat;
  /** Labels of a totals row ("Total", "Grand Total"), compared like headers. */
  readonly totalsLabels: readonly string[];
  /** A fixed pay period for payables that name neither a period nor a reference. */
  readonly period?: string;
  /** Fields made of several columns; such a field is not in `columns`. */
  readonly composed: ComposedFields;
  /** The worksheet of a workbook to read (a name, or a 1-based number) when none is chosen. */
  readonly sheet?: string;
  /** The header's row number: the row is the header however few names it shares with the profile. */
  readonly headerRow?: number;
}
