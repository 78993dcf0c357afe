import type { MerchantContext } from '../context';
import { parseBody, parseQuery, pathId } from '../context';
import { invalid, notFound } from '../http/errors';
import { isoTime } from '../http/json';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../rules/enums';
import { integerId, oneOf, optional, text } from '../rules/validation';
import type { Store } from '../store/store';
import { findParty, type PartyRow, presentParty, requireParty } from './parties';

export interface CounterpartyRow {
  id: number;
  merchant_id: number;
  party_id: number;
  relationship_type: RelationshipType;
  created_at: number;
  updated_at: number;
}

export function presentCounterparty(store: Store, row: CounterpartyRow): Record<string, unknown> {
  const party = findParty(store, row.merchant_id, row.party_id);
  return {
    id: row.id,
    party_id: row.party_id,
    relationship_type: row.relationship_type,
    party: party ? presentParty(party) : null,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export function findCounterparty(
  store: Store,
  merchantId: number,
  id: number,
): CounterpartyRow | undefined {
  return store.get<CounterpartyRow>(
    'SELECT * FROM counterparties WHERE id = ? AND merchant_id = ?',
    id,
    merchantId,
  );
}

/** A counterparty of this merchant for a body field, or the documented 422s. */
export function requireCounterparty(
  ctx: MerchantContext,
  id: number,
  field = 'counterparty_id',
): CounterpartyRow {
  const counterparty = findCounterparty(ctx.store, ctx.merchant.id, id);
  if (counterparty) return counterparty;
  const elsewhere = ctx.store.get('SELECT id FROM counterparties WHERE id = ?', id);
  throw invalid(
    'body',
    field,
    elsewhere ? 'party / counterparty mismatch' : 'counterparty not found',
  );
}

export function createCounterparty(
  store: Store,
  party: PartyRow,
  relationship: RelationshipType,
  now: number,
): CounterpartyRow {
  const id = store.insert('counterparties', {
    merchant_id: party.merchant_id,
    party_id: party.id,
    relationship_type: relationship,
    created_at: now,
    updated_at: now,
  });
  return findCounterparty(store, party.merchant_id, id) as CounterpartyRow;
}

const relationship = () => oneOf(RELATIONSHIP_TYPES);

export function handleCreateCounterparty(ctx: MerchantContext): unknown {
  // party_id is optional in Dollr's schema, but the sandbox has no other way to find the party.
  const body = parseBody(ctx, { relationship_type: relationship(), party_id: integerId() });
  const party = requireParty(ctx, body.party_id);
  return presentCounterparty(
    ctx.store,
    createCounterparty(ctx.store, party, body.relationship_type, ctx.now),
  );
}

export function handleListCounterparties(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, {
    fullname: optional(text()),
    relationship_type: optional(relationship()),
  });
  const rows = ctx.store.all<CounterpartyRow>(
    `SELECT c.* FROM counterparties c JOIN parties p ON p.id = c.party_id
     WHERE c.merchant_id = ?
       AND (? IS NULL OR p.fullname LIKE '%' || ? || '%')
       AND (? IS NULL OR c.relationship_type = ?)
     ORDER BY c.id`,
    ctx.merchant.id,
    query.fullname ?? null,
    query.fullname ?? null,
    query.relationship_type ?? null,
    query.relationship_type ?? null,
  );
  return rows.map((row) => presentCounterparty(ctx.store, row));
}

function retrieve(ctx: MerchantContext): CounterpartyRow {
  const counterparty = findCounterparty(ctx.store, ctx.merchant.id, pathId(ctx, 'counterparty_id'));
  if (!counterparty) throw notFound('Counterparty');
  return counterparty;
}

export function handleRetrieveCounterparty(ctx: MerchantContext): unknown {
  return presentCounterparty(ctx.store, retrieve(ctx));
}

export function handleUpdateCounterparty(ctx: MerchantContext): unknown {
  const counterparty = retrieve(ctx);
  const body = parseBody(ctx, { relationship_type: optional(relationship()) });
  if (body.relationship_type !== undefined) {
    ctx.store.update('counterparties', counterparty.id, {
      relationship_type: body.relationship_type,
      updated_at: ctx.now,
    });
  }
  return presentCounterparty(ctx.store, retrieve(ctx));
}
