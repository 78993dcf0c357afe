import type { MerchantContext } from '../context';
import { parseQuery } from '../context';
import { notFound } from '../http/errors';
import type { ResolvedOptions } from '../options';
import { MERCHANT_TYPES, type MerchantType } from '../rules/enums';
import { CURRENCIES, type Currency, minorToColumn, toMinorUnits } from '../rules/money';
import { integerId, oneOf } from '../rules/validation';
import type { Store } from '../store/store';

export interface Merchant {
  readonly id: number;
  readonly clientId: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly userId: string;
  readonly type: MerchantType;
  readonly verified: boolean;
}

interface MerchantRow {
  id: number;
  client_id: string;
  name: string;
  email: string;
  phone: string;
  user_id: string;
  type: MerchantType;
  verified: number;
}

function toMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    userId: row.user_id,
    type: row.type,
    verified: row.verified === 1,
  };
}

export function findMerchant(store: Store, clientId: string): Merchant | undefined {
  const row = store.get<MerchantRow>('SELECT * FROM merchants WHERE client_id = ?', clientId);
  return row && toMerchant(row);
}

export function allMerchants(store: Store): Merchant[] {
  return store.all<MerchantRow>('SELECT * FROM merchants ORDER BY id').map(toMerchant);
}

/**
 * Registers the configured merchants (once per state) and opens their wallets. A merchant already
 * in the state keeps its verified flag unless the options set one explicitly.
 */
export function ensureMerchants(store: Store, options: ResolvedOptions, now: number): void {
  store.transaction(() => {
    for (const credential of options.credentials) {
      const existing = findMerchant(store, credential.clientId);
      const changes = {
        name: credential.name,
        email: credential.email,
        phone: credential.phone,
        user_id: credential.userId,
        type: credential.type,
      };
      if (existing) {
        store.update('merchants', existing.id, {
          ...changes,
          ...(options.merchantVerified === undefined
            ? {}
            : { verified: options.merchantVerified ? 1 : 0 }),
        });
      } else {
        store.insert('merchants', {
          client_id: credential.clientId,
          ...changes,
          verified: options.merchantVerified === false ? 0 : 1,
          created_at: now,
        });
      }
    }
    for (const merchant of allMerchants(store)) openMerchantWallets(store, merchant.id, options);
  });
}

/** Creates any missing merchant wallet with the configured opening balance. */
export function openMerchantWallets(
  store: Store,
  merchantId: number,
  options: ResolvedOptions,
): void {
  for (const currency of CURRENCIES) {
    const opening = toMinorUnits(options.initialBalances[currency], currency);
    if (!opening.ok) throw new Error(`initial ${currency} balance is not a valid amount`);
    store.run(
      `INSERT OR IGNORE INTO wallets (merchant_id, counterparty_id, currency, balance_minor)
       VALUES (?, 0, ?, ?)`,
      merchantId,
      currency,
      minorToColumn(opening.minor),
    );
  }
}

export function merchantWalletId(store: Store, merchantId: number, currency: Currency): number {
  const row = store.get<{ id: number }>(
    'SELECT id FROM wallets WHERE merchant_id = ? AND counterparty_id = 0 AND currency = ?',
    merchantId,
    currency,
  );
  if (!row) throw new Error(`merchant ${merchantId} has no ${currency} wallet`);
  return row.id;
}

export function merchantInfo(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, { merchant_id: integerId(), merchant_type: oneOf(MERCHANT_TYPES) });
  const merchant = ctx.merchant;
  if (query.merchant_id !== merchant.id || query.merchant_type !== merchant.type) {
    throw notFound('Merchant');
  }
  return {
    id: merchant.id,
    name: merchant.name,
    type: merchant.type,
    email: merchant.email,
    phone: merchant.phone,
  };
}
