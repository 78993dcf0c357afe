import { formatRate, fxRate } from '../rules/fees';
import { GATEWAY_MESSAGES } from '../rules/phones';
import { minorFromColumn } from '../rules/money';
import type { Store } from '../store/store';
import { type ExecutionRow, reloadExecution } from './execution-store';
import { markPaid, setSourceStatus, type SourceRow } from './sources';
import { adjustBalance, findWallet } from './wallets';

/**
 * Time moves executions forward lazily: every request first applies what has become due by the
 * sandbox clock, inside its own transaction, and stores the result.
 */
export function settleDue(store: Store, now: number): void {
  store.run(
    `UPDATE executions SET status = 'PROCESSING', updated_at = processing_at
     WHERE settled_at IS NULL AND status = 'PENDING' AND processing_at <= ?`,
    now,
  );
  const due = store.all<ExecutionRow>(
    `SELECT * FROM executions WHERE settled_at IS NULL AND settle_at IS NOT NULL AND settle_at <= ?
     ORDER BY settle_at, id`,
    now,
  );
  for (const execution of due) {
    settleExecution(store, execution, {
      outcome: execution.planned_status,
      message: execution.planned_message,
      at: execution.settle_at ?? now,
    });
  }
}

export interface Settlement {
  readonly outcome: 'COMPLETED' | 'FAILED';
  readonly message: string;
  readonly at: number;
}

/**
 * Applies an outcome once: moves the money (the execution's one "effect") on COMPLETED and
 * updates the source of a collection. A debit the wallet can no longer cover fails instead.
 */
export function settleExecution(
  store: Store,
  execution: ExecutionRow,
  settlement: Settlement,
): ExecutionRow {
  if (execution.settled_at !== null) return execution;
  let { outcome, message } = settlement;
  const debit = minorFromColumn(execution.debit_minor);
  if (outcome === 'COMPLETED' && execution.debit_wallet_id !== null) {
    const wallet = findWallet(store, execution.debit_wallet_id);
    if (!wallet || minorFromColumn(wallet.balance_minor) < debit) {
      outcome = 'FAILED';
      message = GATEWAY_MESSAGES.walletInsufficient;
    }
  }
  if (outcome === 'COMPLETED') {
    if (execution.debit_wallet_id !== null) adjustBalance(store, execution.debit_wallet_id, -debit);
    if (execution.credit_wallet_id !== null) {
      adjustBalance(store, execution.credit_wallet_id, minorFromColumn(execution.credit_minor));
    }
  }
  store.update('executions', execution.id, {
    status: outcome,
    gateway_message: message,
    requires_action: 0,
    effects: execution.effects + (outcome === 'COMPLETED' ? 1 : 0),
    settled_at: settlement.at,
    updated_at: settlement.at,
  });
  if (execution.operation === 'COLLECTION' && execution.source_id !== null) {
    const source = store.get<SourceRow>('SELECT * FROM sources WHERE id = ?', execution.source_id);
    if (source && source.status === 'PROCESSING') {
      if (outcome === 'COMPLETED') markPaid(store, source, paymentOf(execution), settlement.at);
      // Not documented: a failed payment makes the source payable again (README decision).
      else setSourceStatus(store, source.id, 'ACTIVE', settlement.at);
    }
  }
  return reloadExecution(store, execution.id);
}

function paymentOf(execution: ExecutionRow) {
  return {
    referenceId: execution.reference_id,
    payerMinor: minorFromColumn(execution.payer_amount_minor),
    payerCurrency: execution.payer_currency,
    payeeMinor: minorFromColumn(execution.payee_amount_minor),
    payeeCurrency: execution.payee_currency,
    fxRate: formatRate(fxRate(execution.payee_currency, execution.payer_currency)),
    platformFeeMinor: minorFromColumn(execution.platform_fee_minor),
    gatewayFeeMinor: minorFromColumn(execution.gateway_fee_minor),
    fxFeeMinor: minorFromColumn(execution.fx_fee_minor),
    method: execution.method,
    provider: execution.provider,
    providerTransactionId: execution.provider_transaction_id,
  };
}
