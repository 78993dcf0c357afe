import type { RowFields } from './import.types';

/** Who a row pays or bills, as written (compared ignoring case), and their name. */
export interface RowParty {
  readonly payee: string;
  readonly name: string;
}

/** The party of a row's fields: the payee by their ID in the source system, else by name. */
export function partyOf(fields: RowFields | null): RowParty {
  return {
    payee: fields?.external_ref ?? fields?.full_name ?? '',
    name: fields?.full_name ?? '',
  };
}
