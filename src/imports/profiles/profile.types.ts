import type { CurrencyCode, MarketCode } from '../../money/currency';
import type { DecimalSeparator } from '../../money/amount-input';
import type { ImportField, ImportKind } from '../import.types';

/** Dollr's relationship types (dollr-api.md §2): what the payee or payer is to the merchant. */
export const RELATIONSHIP_TYPES = [
  'CUSTOMER',
  'SUPPLIER',
  'EMPLOYEE',
  'BENEFICIARY',
  'FRIEND',
  'FAMILY',
  'DONOR',
  'DONEE',
  'CONTACT',
  'SERVICE_PROVIDER',
  'PARTNER',
  'SELF',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const FEE_BEARERS = ['PAYER', 'PAYEE'] as const;
export type FeeBearer = (typeof FEE_BEARERS)[number];

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
}
