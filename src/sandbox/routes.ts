import type { MerchantHandler } from './context';
import type { Route } from './http/router';
import { handleCreateCheckout } from './resources/checkouts';
import {
  handleCreateCounterparty,
  handleListCounterparties,
  handleRetrieveCounterparty,
  handleUpdateCounterparty,
} from './resources/counterparties';
import {
  handleExecuteCollection,
  handleExecutePayout,
  handleExecuteRefund,
  handleExecuteTransfer,
  handleSourceStatus,
  statusHandler,
} from './resources/executions';
import {
  handleGatewayFees,
  handleMerchantTier,
  handlePlatformFees,
  handleTiers,
} from './resources/fees';
import { handlePayLink, handleReceiptLink } from './resources/links';
import { merchantInfo } from './resources/merchants';
import { handleCreateParty, handleListParties, handleRetrieveParty } from './resources/parties';
import { handleCreatePaymentAccount } from './resources/payment-accounts';
import {
  handleAmountAndFees,
  handleCardProviderInfo,
  handleMmoProviderInfo,
  handlePaymentSourceAmountAndFees,
} from './resources/predictions';
import {
  handleCheckoutSession,
  handlePayoutSession,
  handleRefundSession,
  handleTransferSession,
} from './resources/sessions';
import { sourceRoutes } from './resources/source-routes';
import { SOURCE_KINDS } from './resources/sources';

/** Every `/v1` endpoint that needs a bearer token (the token endpoint is handled by the server). */
export const MERCHANT_ROUTES: readonly Route<MerchantHandler>[] = [
  { method: 'POST', path: '/v1/parties/create', handler: handleCreateParty },
  { method: 'GET', path: '/v1/parties/list', handler: handleListParties },
  { method: 'GET', path: '/v1/parties/retrieve/:party_id', handler: handleRetrieveParty },

  { method: 'POST', path: '/v1/counterparties/create', handler: handleCreateCounterparty },
  { method: 'GET', path: '/v1/counterparties/list', handler: handleListCounterparties },
  {
    method: 'GET',
    path: '/v1/counterparties/retrieve/:counterparty_id',
    handler: handleRetrieveCounterparty,
  },
  {
    method: 'PUT',
    path: '/v1/counterparties/update/:counterparty_id',
    handler: handleUpdateCounterparty,
  },

  ...sourceRoutes(SOURCE_KINDS.INVOICE),
  ...sourceRoutes(SOURCE_KINDS.ORDER),

  { method: 'POST', path: '/v1/checkouts/create', handler: handleCreateCheckout },

  { method: 'POST', path: '/v1/sessions/checkout', handler: handleCheckoutSession },
  { method: 'POST', path: '/v1/sessions/payout', handler: handlePayoutSession },
  { method: 'POST', path: '/v1/sessions/transfer', handler: handleTransferSession },
  { method: 'POST', path: '/v1/sessions/refund', handler: handleRefundSession },

  { method: 'POST', path: '/v1/executions/collection', handler: handleExecuteCollection },
  { method: 'POST', path: '/v1/executions/payout', handler: handleExecutePayout },
  { method: 'POST', path: '/v1/executions/transfer', handler: handleExecuteTransfer },
  { method: 'POST', path: '/v1/executions/refund', handler: handleExecuteRefund },

  {
    method: 'GET',
    path: '/v1/status/collection/:reference_id',
    handler: statusHandler('COLLECTION'),
  },
  { method: 'GET', path: '/v1/status/payout/:reference_id', handler: statusHandler('PAYOUT') },
  { method: 'GET', path: '/v1/status/transfer/:reference_id', handler: statusHandler('TRANSFER') },
  { method: 'GET', path: '/v1/status/refund/:reference_id', handler: statusHandler('REFUND') },
  { method: 'GET', path: '/v1/status/source', handler: handleSourceStatus },

  { method: 'POST', path: '/v1/payment-accounts/create', handler: handleCreatePaymentAccount },

  { method: 'GET', path: '/v1/predictions/mmo-provider-info', handler: handleMmoProviderInfo },
  { method: 'GET', path: '/v1/predictions/card-provider-info', handler: handleCardProviderInfo },
  { method: 'GET', path: '/v1/predictions/amount-and-fees', handler: handleAmountAndFees },
  {
    method: 'GET',
    path: '/v1/predictions/payment-source/amount-and-fees',
    handler: handlePaymentSourceAmountAndFees,
  },

  { method: 'GET', path: '/v1/fees/gateway', handler: handleGatewayFees },
  { method: 'GET', path: '/v1/fees/platform', handler: handlePlatformFees },
  { method: 'GET', path: '/v1/fees/merchant-tier', handler: handleMerchantTier },
  { method: 'GET', path: '/v1/fees/tiers', handler: handleTiers },

  { method: 'GET', path: '/v1/links/pay', handler: handlePayLink },
  { method: 'GET', path: '/v1/links/receipt', handler: handleReceiptLink },

  { method: 'GET', path: '/v1/merchants/merchant-info', handler: merchantInfo },
];
