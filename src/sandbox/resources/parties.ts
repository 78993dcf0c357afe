import type { MerchantContext } from '../context';
import { parseBody, parseQuery, pathId } from '../context';
import { invalid, notFound } from '../http/errors';
import { isoTime } from '../http/json';
import { optional, phone, text } from '../rules/validation';
import type { Store } from '../store/store';

export interface PartyRow {
  id: number;
  merchant_id: number;
  fullname: string;
  phone: string;
  email: string | null;
  country_code: string | null;
  created_at: number;
  updated_at: number;
}

export function presentParty(row: PartyRow): Record<string, unknown> {
  return {
    id: row.id,
    fullname: row.fullname,
    phone: row.phone,
    email: row.email,
    country_code: row.country_code,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export function findParty(store: Store, merchantId: number, id: number): PartyRow | undefined {
  return store.get<PartyRow>(
    'SELECT * FROM parties WHERE id = ? AND merchant_id = ?',
    id,
    merchantId,
  );
}

/** A party of this merchant for a body field, or the documented 422s. */
export function requireParty(ctx: MerchantContext, id: number, field = 'party_id'): PartyRow {
  const party = findParty(ctx.store, ctx.merchant.id, id);
  if (party) return party;
  const elsewhere = ctx.store.get('SELECT id FROM parties WHERE id = ?', id);
  throw invalid('body', field, elsewhere ? 'party / counterparty mismatch' : 'party not found');
}

export function createParty(
  store: Store,
  merchantId: number,
  fields: { fullname: string; phone: string; email?: string; country_code?: string },
  now: number,
): PartyRow {
  const id = store.insert('parties', {
    merchant_id: merchantId,
    fullname: fields.fullname,
    phone: fields.phone,
    email: fields.email ?? null,
    country_code: fields.country_code ?? null,
    created_at: now,
    updated_at: now,
  });
  return findParty(store, merchantId, id) as PartyRow;
}

const countryCode = () => text({ minLength: 2, maxLength: 2 });

export function handleCreateParty(ctx: MerchantContext): unknown {
  const body = parseBody(ctx, {
    fullname: text(),
    phone: phone(),
    email: optional(text()),
    country_code: optional(countryCode()),
  });
  return presentParty(createParty(ctx.store, ctx.merchant.id, body, ctx.now));
}

export function handleListParties(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, { fullname: optional(text()) });
  const rows = ctx.store.all<PartyRow>(
    `SELECT * FROM parties WHERE merchant_id = ? AND (? IS NULL OR fullname LIKE '%' || ? || '%')
     ORDER BY id`,
    ctx.merchant.id,
    query.fullname ?? null,
    query.fullname ?? null,
  );
  return rows.map(presentParty);
}

export function handleRetrieveParty(ctx: MerchantContext): unknown {
  const party = findParty(ctx.store, ctx.merchant.id, pathId(ctx, 'party_id'));
  if (!party) throw notFound('Party');
  return presentParty(party);
}
