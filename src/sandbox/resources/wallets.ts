import type { Currency } from '../rules/money';
import { formatMinorUnits, minorFromColumn, minorToColumn } from '../rules/money';
import type { Store } from '../store/store';

export interface WalletRow {
  id: number;
  merchant_id: number;
  counterparty_id: number;
  currency: Currency;
  balance_minor: number;
}

export function findWallet(store: Store, id: number): WalletRow | undefined {
  return store.get<WalletRow>('SELECT * FROM wallets WHERE id = ?', id);
}

/** The balance minus what unsettled payouts, transfers and refunds will take from it. */
export function availableMinor(store: Store, walletId: number): bigint {
  const wallet = findWallet(store, walletId);
  if (!wallet) return 0n;
  const held = store.get<{ held: number | null }>(
    'SELECT SUM(debit_minor) AS held FROM executions WHERE debit_wallet_id = ? AND settled_at IS NULL',
    walletId,
  );
  return minorFromColumn(wallet.balance_minor) - minorFromColumn(held?.held ?? 0);
}

/** The wallet a transfer credits, opened on first use. */
export function counterpartyWalletId(
  store: Store,
  merchantId: number,
  counterpartyId: number,
  currency: Currency,
): number {
  store.run(
    `INSERT OR IGNORE INTO wallets (merchant_id, counterparty_id, currency, balance_minor)
     VALUES (?, ?, ?, 0)`,
    merchantId,
    counterpartyId,
    currency,
  );
  const row = store.get<{ id: number }>(
    'SELECT id FROM wallets WHERE merchant_id = ? AND counterparty_id = ? AND currency = ?',
    merchantId,
    counterpartyId,
    currency,
  );
  return (row as { id: number }).id;
}

export function adjustBalance(store: Store, walletId: number, deltaMinor: bigint): void {
  const wallet = findWallet(store, walletId);
  if (!wallet) throw new Error(`wallet ${walletId} does not exist`);
  store.update('wallets', walletId, {
    balance_minor: minorToColumn(minorFromColumn(wallet.balance_minor) + deltaMinor),
  });
}

export function setBalance(store: Store, walletId: number, balanceMinor: bigint): void {
  store.update('wallets', walletId, { balance_minor: minorToColumn(balanceMinor) });
}

/** A wallet as the ledger lists it, with amounts as decimal strings. */
export function presentWallet(store: Store, wallet: WalletRow): Record<string, unknown> {
  const client = store.get<{ client_id: string }>(
    'SELECT client_id FROM merchants WHERE id = ?',
    wallet.merchant_id,
  );
  return {
    id: wallet.id,
    merchant: client?.client_id ?? null,
    owner: wallet.counterparty_id === 0 ? 'MERCHANT' : 'COUNTERPARTY',
    counterparty_id: wallet.counterparty_id === 0 ? null : wallet.counterparty_id,
    currency: wallet.currency,
    balance: formatMinorUnits(minorFromColumn(wallet.balance_minor), wallet.currency),
    available: formatMinorUnits(availableMinor(store, wallet.id), wallet.currency),
  };
}
