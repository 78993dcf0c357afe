import type { ExecutionStatus, OperationType, PaymentMethod, Provider } from '../rules/enums';
import { type Currency, minorFromColumn } from '../rules/money';
import type { Store } from '../store/store';

export interface ExecutionRow {
  id: number;
  merchant_id: number;
  reference_id: string;
  operation: OperationType;
  fingerprint: string;
  session_id: number;
  payment_account_id: number | null;
  source_id: number | null;
  original_execution_id: number | null;
  debit_wallet_id: number | null;
  credit_wallet_id: number | null;
  phone: string | null;
  method: PaymentMethod;
  provider: Provider;
  amount_minor: number;
  currency: Currency;
  payer_amount_minor: number;
  payer_currency: Currency;
  payee_amount_minor: number;
  payee_currency: Currency;
  platform_fee_minor: number;
  gateway_fee_minor: number;
  fx_fee_minor: number;
  debit_minor: number;
  credit_minor: number;
  status: ExecutionStatus;
  planned_status: 'COMPLETED' | 'FAILED';
  planned_message: string;
  gateway_message: string | null;
  requires_action: number;
  client_secret: string | null;
  provider_transaction_id: string;
  requests: number;
  effects: number;
  created_at: number;
  processing_at: number;
  settle_at: number | null;
  settled_at: number | null;
  updated_at: number;
}

export function findExecution(
  store: Store,
  merchantId: number,
  key: { id: number } | { referenceId: string },
): ExecutionRow | undefined {
  return 'id' in key
    ? store.get<ExecutionRow>(
        'SELECT * FROM executions WHERE id = ? AND merchant_id = ?',
        key.id,
        merchantId,
      )
    : store.get<ExecutionRow>(
        'SELECT * FROM executions WHERE reference_id = ? AND merchant_id = ?',
        key.referenceId.toLowerCase(),
        merchantId,
      );
}

export function reloadExecution(store: Store, id: number): ExecutionRow {
  return store.get<ExecutionRow>('SELECT * FROM executions WHERE id = ?', id) as ExecutionRow;
}

/** What is left to refund of a completed collection, in its payee currency. */
export function refundableMinor(store: Store, collection: ExecutionRow): bigint {
  const refunded = store.get<{ total: number | null }>(
    `SELECT SUM(amount_minor) AS total FROM executions
     WHERE operation = 'REFUND' AND original_execution_id = ? AND status != 'FAILED'`,
    collection.id,
  );
  return minorFromColumn(collection.payee_amount_minor) - minorFromColumn(refunded?.total ?? 0);
}
