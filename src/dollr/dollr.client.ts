import { registerSecret } from '../common/redact';
import { ConcurrencyLimiter } from './concurrency-limiter';
import {
  DollrInvalidRequestError,
  DollrOutcomeUnknownError,
  DollrUnexpectedResponseError,
} from './errors';
import { jsonNumber, queryAmount } from './json-codec';
import {
  buildPayoutPasscode,
  defaultPayoutDevice,
  type PayoutCredentials,
} from './payout-passcode';
import { RateLimiter } from './rate-limiter';
import {
  type RateBudgetStatus,
  type RateBudgetStore,
  SharedRateBudget,
} from './shared-rate-budget';
import { createSecretScrubber } from './secret-scrubber';
import { realSleep, systemClock, type Clock, type Sleep } from './timing';
import { type ObtainedToken, TokenCache } from './token-cache';
import {
  type DollrBaseUrl,
  type DollrExchangeObserver,
  DollrTransport,
  type DollrLogger,
  type DollrRequest,
  type HttpMethod,
  type RetryOptions,
} from './transport';
import type {
  AmountAndFees,
  AmountAndFeesQuery,
  CheckoutCreateRequest,
  CheckoutCreateResponse,
  CheckoutSessionRequest,
  CollectionExecutionRequest,
  Counterparty,
  CounterpartyCreateRequest,
  CounterpartyListQuery,
  CounterpartyUpdateRequest,
  ExecutionResponse,
  FeeTier,
  GatewayFeesQuery,
  Invoice,
  InvoiceCreateRequest,
  InvoiceItem,
  InvoiceItemAddRequest,
  InvoiceItemUpdateRequest,
  InvoiceListQuery,
  InvoiceReceipt,
  InvoiceUpdateRequest,
  LinkQuery,
  MmoProviderInfo,
  MmoProviderInfoQuery,
  OpenFields,
  OperationType,
  Party,
  PartyCreateRequest,
  PartyListQuery,
  PayLink,
  PaymentAccount,
  PaymentAccountCreateRequest,
  PaymentSourceAmountAndFees,
  PaymentSourceAmountAndFeesQuery,
  PayoutDevice,
  PayoutExecutionRequest,
  PayoutSession,
  PayoutSessionRequest,
  PlatformFeesQuery,
  ReceiptLink,
  RefundExecutionRequest,
  RefundSessionRequest,
  Session,
  SourceStatusQuery,
  SourceStatusResponse,
  TokenRequest,
  TransferExecutionRequest,
  TransferSessionRequest,
  UndocumentedResponse,
} from './types';

export interface DollrClientOptions {
  /** e.g. `https://api.heydollr.app`, the sandbox's URL, or how to find it on first use. */
  readonly baseUrl: DollrBaseUrl;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Time limit of one HTTP exchange. Default 30 000. */
  readonly timeoutMs?: number;
  /** Most requests per second, evenly spaced. Default 20. */
  readonly rateLimitRps?: number;
  /** Shares `rateLimitRps` with the other processes sending for the same merchant. */
  readonly sharedBudget?: { readonly store: RateBudgetStore; readonly sender: string };
  /** Most requests in flight at once. Default 8. */
  readonly maxConcurrency?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Needed for payouts only. */
  readonly payout?: PayoutCredentials;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  /** Uniform in [0, 1), for backoff jitter. */
  readonly random?: () => number;
  readonly logger?: DollrLogger;
  readonly observer?: DollrExchangeObserver;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/** Execution ids are strings on the wire (§1.4); helpers accept the integer ids Dollr returns. */
export type WireId = number | string;

export interface CollectionExecutionInput extends Omit<
  CollectionExecutionRequest,
  'session_id' | 'payment_account_id'
> {
  session_id: WireId;
  payment_account_id: WireId;
}

/** The passcode is added by the client from its payout credentials. */
export interface PayoutExecutionInput extends Omit<
  PayoutExecutionRequest,
  'session_id' | 'payout_account_id' | 'passcode'
> {
  session_id: WireId;
  payout_account_id: WireId;
}

export interface TransferExecutionInput extends Omit<TransferExecutionRequest, 'session_id'> {
  session_id: WireId;
}

export interface RefundExecutionInput extends Omit<RefundExecutionRequest, 'session_id'> {
  session_id: WireId;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const silentLogger: DollrLogger = { debug: () => undefined, warn: () => undefined };

/**
 * The typed Dollr Open API v1 client. A plain class: Nest wiring lives in `dollr.module.ts`.
 *
 * Method names follow the endpoints. Reads and idempotent updates are retried on network errors,
 * timeouts and 5xx; calls that create something or move money are sent once and fail with
 * DollrOutcomeUnknownError when their outcome cannot be known. Execute methods take the caller's
 * `reference_id` (generated and stored before the call) and never make one up.
 */
export class DollrClient {
  private readonly transport: DollrTransport;
  private readonly tokens: TokenCache;
  private readonly payoutDevice: PayoutDevice;
  private readonly gate: RateLimiter | SharedRateBudget;

  constructor(private readonly options: DollrClientOptions) {
    const clock = options.clock ?? systemClock;
    const sleep = options.sleep ?? realSleep;
    const limitRps = options.rateLimitRps ?? 20;
    const logger = options.logger ?? silentLogger;
    this.gate =
      options.sharedBudget === undefined
        ? new RateLimiter(limitRps, clock, sleep)
        : new SharedRateBudget({ ...options.sharedBudget, limitRps, clock, sleep, logger });
    this.tokens = new TokenCache(() => this.obtainToken(), clock);
    this.payoutDevice = { ...defaultPayoutDevice(), ...options.payout?.device };
    this.transport = new DollrTransport({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      userAgent: 'dollr-connector',
      fetch: options.fetch ?? globalThis.fetch,
      clock,
      sleep,
      random: options.random ?? Math.random,
      rateLimiter: this.gate,
      concurrency: new ConcurrencyLimiter(options.maxConcurrency ?? 8),
      tokens: this.tokens,
      scrub: createSecretScrubber([options.clientSecret, options.payout?.passcode]),
      logger,
      ...(options.observer === undefined ? {} : { observer: options.observer }),
    });
  }

  /** The rate limit as this process keeps it: undefined when it is not shared. */
  rateBudget(): RateBudgetStatus | undefined {
    return this.gate instanceof SharedRateBudget ? this.gate.status() : undefined;
  }

  /** Returns this process's share of a shared rate limit to the others (at shutdown). */
  async close(): Promise<void> {
    if (this.gate instanceof SharedRateBudget) await this.gate.close();
  }

  /** Obtains (or reuses) an access token: a cheap check that the credentials work. */
  async authenticate(): Promise<void> {
    await this.tokens.get();
  }

  // Parties

  async createParty(body: PartyCreateRequest): Promise<Party> {
    return this.create('parties.create', '/v1/parties/create', body);
  }

  async listParties(query: PartyListQuery = {}): Promise<Party[]> {
    return this.list('parties.list', '/v1/parties/list', { ...query });
  }

  async retrieveParty(partyId: number): Promise<Party> {
    const op = 'parties.retrieve';
    return this.read(op, `/v1/parties/retrieve/${pathId(partyId, 'party_id', op)}`);
  }

  // Counterparties

  async createCounterparty(body: CounterpartyCreateRequest): Promise<Counterparty> {
    return this.create('counterparties.create', '/v1/counterparties/create', body);
  }

  async listCounterparties(query: CounterpartyListQuery = {}): Promise<Counterparty[]> {
    return this.list('counterparties.list', '/v1/counterparties/list', { ...query });
  }

  async retrieveCounterparty(counterpartyId: number): Promise<Counterparty> {
    const op = 'counterparties.retrieve';
    const id = pathId(counterpartyId, 'counterparty_id', op);
    return this.read(op, `/v1/counterparties/retrieve/${id}`);
  }

  /** Setting the same relationship twice is harmless, so this update is retried like a read. */
  async updateCounterparty(
    counterpartyId: number,
    body: CounterpartyUpdateRequest,
  ): Promise<Counterparty> {
    const op = 'counterparties.update';
    const id = pathId(counterpartyId, 'counterparty_id', op);
    return this.send({
      operation: op,
      method: 'PUT',
      path: `/v1/counterparties/update/${id}`,
      body,
      repeatable: true,
      expect: 'object',
    });
  }

  // Invoices

  async createInvoice(body: InvoiceCreateRequest): Promise<Invoice> {
    return this.create('invoices.create', '/v1/invoices/create', body);
  }

  async listInvoices(query: InvoiceListQuery = {}): Promise<Invoice[]> {
    return this.list('invoices.list', '/v1/invoices/list', { ...query });
  }

  async retrieveInvoice(invoiceId: number): Promise<Invoice> {
    const op = 'invoices.retrieve';
    return this.read(op, `/v1/invoices/retrieve/${pathId(invoiceId, 'invoice_id', op)}`);
  }

  async retrieveInvoiceByNumber(invoiceNumber: string): Promise<Invoice> {
    const op = 'invoices.retrieveByNumber';
    const number = pathText(invoiceNumber, 'invoice_number', op);
    return this.read(op, `/v1/invoices/retrieve/number/${number}`);
  }

  /** IDLE invoices only. Sending the same fields twice is harmless, so it is retried like a read. */
  async updateInvoice(invoiceId: number, body: InvoiceUpdateRequest): Promise<Invoice> {
    const op = 'invoices.update';
    return this.send({
      operation: op,
      method: 'PUT',
      path: `/v1/invoices/update/${pathId(invoiceId, 'invoice_id', op)}`,
      body,
      repeatable: true,
      expect: 'object',
    });
  }

  async addInvoiceItem(invoiceId: number, item: InvoiceItemAddRequest): Promise<InvoiceItem> {
    const op = 'invoices.items.add';
    return this.create(op, `/v1/invoices/${pathId(invoiceId, 'invoice_id', op)}/items/add`, {
      ...item,
      amount: jsonNumber(item.amount, 'amount', op),
    });
  }

  async updateInvoiceItem(
    invoiceId: number,
    itemId: number,
    patch: InvoiceItemUpdateRequest,
  ): Promise<InvoiceItem> {
    const op = 'invoices.items.update';
    const path = `/v1/invoices/${pathId(invoiceId, 'invoice_id', op)}/items/${pathId(itemId, 'item_id', op)}/update`;
    const body =
      patch.amount === undefined
        ? patch
        : { ...patch, amount: jsonNumber(patch.amount, 'amount', op) };
    return this.write(op, 'PUT', path, body);
  }

  async removeInvoiceItem(invoiceId: number, itemId: number): Promise<OpenFields> {
    const op = 'invoices.items.remove';
    const path = `/v1/invoices/${pathId(invoiceId, 'invoice_id', op)}/items/${pathId(itemId, 'item_id', op)}/remove`;
    return this.write(op, 'DELETE', path);
  }

  /** IDLE → ACTIVE; the response is the invoice with `status: "ACTIVE"`. */
  async publishInvoice(invoiceId: number): Promise<Invoice> {
    const op = 'invoices.publish';
    return this.write(op, 'PUT', `/v1/invoices/publish/${pathId(invoiceId, 'invoice_id', op)}`);
  }

  /** IDLE or ACTIVE → CANCELED (terminal). The response shape is not documented. */
  async cancelInvoice(invoiceId: number): Promise<OpenFields> {
    const op = 'invoices.cancel';
    return this.write(op, 'DELETE', `/v1/invoices/cancel/${pathId(invoiceId, 'invoice_id', op)}`);
  }

  /** Available once the invoice is PAID. */
  async retrieveInvoiceReceipt(invoiceId: number): Promise<InvoiceReceipt> {
    const op = 'invoices.receipt';
    return this.read(op, `/v1/invoices/receipt/${pathId(invoiceId, 'invoice_id', op)}`);
  }

  async retrieveInvoiceReceiptByNumber(invoiceNumber: string): Promise<InvoiceReceipt> {
    const op = 'invoices.receiptByNumber';
    const number = pathText(invoiceNumber, 'invoice_number', op);
    return this.read(op, `/v1/invoices/receipt/number/${number}`);
  }

  // Checkouts

  async createCheckout(body: CheckoutCreateRequest): Promise<CheckoutCreateResponse> {
    const op = 'checkouts.create';
    return this.create(op, '/v1/checkouts/create', {
      ...body,
      items: body.items.map((item, index) => ({
        ...item,
        amount: jsonNumber(item.amount, `items[${index}].amount`, op),
      })),
    });
  }

  // Sessions

  async createCheckoutSession(body: CheckoutSessionRequest): Promise<Session> {
    return this.create('sessions.checkout', '/v1/sessions/checkout', body);
  }

  async createPayoutSession(body: PayoutSessionRequest): Promise<PayoutSession> {
    const op = 'sessions.payout';
    return this.create(op, '/v1/sessions/payout', {
      ...body,
      amount: jsonNumber(body.amount, 'amount', op),
    });
  }

  async createTransferSession(body: TransferSessionRequest): Promise<Session> {
    const op = 'sessions.transfer';
    return this.create(op, '/v1/sessions/transfer', {
      ...body,
      amount: jsonNumber(body.amount, 'amount', op),
    });
  }

  async createRefundSession(body: RefundSessionRequest): Promise<Session> {
    const op = 'sessions.refund';
    return this.create(op, '/v1/sessions/refund', {
      ...body,
      amount: jsonNumber(body.amount, 'amount', op),
    });
  }

  // Executions: sent exactly once; an unknown outcome is resolved by executionStatus().

  async executeCollection(input: CollectionExecutionInput): Promise<ExecutionResponse> {
    const op = 'executions.collection';
    const body: CollectionExecutionRequest = {
      session_id: wireId(input.session_id, 'session_id', op),
      payment_account_id: wireId(input.payment_account_id, 'payment_account_id', op),
      currency: input.currency,
      reference_id: referenceId(input.reference_id, op),
    };
    return this.execute('COLLECTION', body);
  }

  async executePayout(input: PayoutExecutionInput): Promise<ExecutionResponse> {
    const op = 'executions.payout';
    const body: PayoutExecutionRequest = {
      session_id: wireId(input.session_id, 'session_id', op),
      payout_account_id: wireId(input.payout_account_id, 'payout_account_id', op),
      reference_id: referenceId(input.reference_id, op),
      passcode: buildPayoutPasscode(this.options.payout, this.payoutDevice),
    };
    return this.execute('PAYOUT', body);
  }

  async executeTransfer(input: TransferExecutionInput): Promise<ExecutionResponse> {
    const op = 'executions.transfer';
    const body: TransferExecutionRequest = {
      session_id: wireId(input.session_id, 'session_id', op),
      reference_id: referenceId(input.reference_id, op),
    };
    return this.execute('TRANSFER', body);
  }

  async executeRefund(input: RefundExecutionInput): Promise<ExecutionResponse> {
    const op = 'executions.refund';
    const body: RefundExecutionRequest = {
      session_id: wireId(input.session_id, 'session_id', op),
      reference_id: referenceId(input.reference_id, op),
    };
    return this.execute('REFUND', body);
  }

  // Status

  /**
   * The execution with this `reference_id`. DollrNotFoundError (`DOLLR_NOT_FOUND`) means Dollr
   * has no such execution for this operation.
   */
  async executionStatus(operation: OperationType, reference: string): Promise<ExecutionResponse> {
    const op = `status.${operation.toLowerCase()}`;
    const response = await this.read<ExecutionResponse>(op, statusPath(operation, reference, op));
    return checkExecution(response, op);
  }

  async sourceStatus(query: SourceStatusQuery): Promise<SourceStatusResponse> {
    return this.read('status.source', '/v1/status/source', { ...query });
  }

  // Payment accounts

  async createPaymentAccount(
    operationType: OperationType,
    body: PaymentAccountCreateRequest,
  ): Promise<PaymentAccount> {
    return this.send({
      operation: 'paymentAccounts.create',
      method: 'POST',
      path: '/v1/payment-accounts/create',
      query: { operation_type: operationType },
      body,
      repeatable: false,
      expect: 'object',
    });
  }

  // Predictions (read-only previews)

  async predictMmoProvider(query: MmoProviderInfoQuery): Promise<MmoProviderInfo> {
    return this.read('predictions.mmoProviderInfo', '/v1/predictions/mmo-provider-info', {
      ...query,
    });
  }

  async predictAmountAndFees(query: AmountAndFeesQuery): Promise<AmountAndFees> {
    const op = 'predictions.amountAndFees';
    return this.read(op, '/v1/predictions/amount-and-fees', {
      ...query,
      base_amount: queryAmount(query.base_amount, 'base_amount', op),
    });
  }

  async predictPaymentSourceAmountAndFees(
    query: PaymentSourceAmountAndFeesQuery,
  ): Promise<PaymentSourceAmountAndFees> {
    return this.read(
      'predictions.paymentSourceAmountAndFees',
      '/v1/predictions/payment-source/amount-and-fees',
      { ...query },
    );
  }

  // Fees

  /** The response shape is not documented. */
  async gatewayFees(query: GatewayFeesQuery): Promise<UndocumentedResponse> {
    return this.send({
      operation: 'fees.gateway',
      method: 'GET',
      path: '/v1/fees/gateway',
      query: { ...query },
      repeatable: true,
    });
  }

  /** The response shape is not documented. */
  async platformFees(query: PlatformFeesQuery): Promise<UndocumentedResponse> {
    return this.send({
      operation: 'fees.platform',
      method: 'GET',
      path: '/v1/fees/platform',
      query: { ...query },
      repeatable: true,
    });
  }

  async feeTiers(): Promise<FeeTier[]> {
    return this.list('fees.tiers', '/v1/fees/tiers', {});
  }

  // Payment links (by document number)

  async payLink(query: LinkQuery): Promise<PayLink> {
    return this.read('links.pay', '/v1/links/pay', { ...query });
  }

  async receiptLink(query: LinkQuery): Promise<ReceiptLink> {
    return this.read('links.receipt', '/v1/links/receipt', { ...query });
  }

  // Plumbing

  private async obtainToken(): Promise<ObtainedToken> {
    const op = 'jwt.obtainToken';
    const body: TokenRequest = {
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    };
    const response = await this.send<Record<string, unknown>>({
      operation: op,
      method: 'POST',
      path: '/v1/jwt/client/obtain/token',
      body,
      authenticated: false,
      // Obtaining a token changes nothing on Dollr's side, so it is retried like a read.
      repeatable: true,
      expect: 'object',
    });
    const accessToken = response.access_token;
    // Whole minutes are documented; a fraction (short-lived test tokens) arrives as a decimal string.
    const expiresInMinutes = Number(response.expires_in);
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new DollrUnexpectedResponseError('the token response has no access_token', {
        operation: op,
      });
    }
    registerSecret(accessToken);
    if (!Number.isFinite(expiresInMinutes) || expiresInMinutes <= 0) {
      throw new DollrUnexpectedResponseError(
        'the token response has no usable expires_in (minutes)',
        { operation: op },
      );
    }
    return { accessToken, expiresInMinutes };
  }

  private async execute(
    operation: OperationType,
    body: { reference_id: string },
  ): Promise<ExecutionResponse> {
    const op = `executions.${operation.toLowerCase()}`;
    const execution = {
      referenceId: body.reference_id,
      statusPath: statusPath(operation, body.reference_id, op),
    };
    const response = await this.send<ExecutionResponse>({
      operation: op,
      method: 'POST',
      path: `/v1/executions/${operation.toLowerCase()}`,
      body,
      repeatable: false,
      expect: 'object',
      execution,
    });
    if (typeof response.status !== 'string') {
      // Accepted (2xx) but unreadable: Dollr may well have moved the money.
      throw new DollrOutcomeUnknownError(
        { reason: 'unreadable_response', what: 'its answer has no status', ...execution },
        { operation: op },
      );
    }
    return response;
  }

  private async read<T>(
    operation: string,
    path: string,
    query?: Record<string, string | number | undefined>,
  ): Promise<T> {
    return this.send({ operation, method: 'GET', path, query, repeatable: true, expect: 'object' });
  }

  private async list<T>(
    operation: string,
    path: string,
    query: Record<string, string | number | undefined>,
  ): Promise<T[]> {
    return this.send({ operation, method: 'GET', path, query, repeatable: true, expect: 'array' });
  }

  private async create<T>(operation: string, path: string, body: unknown): Promise<T> {
    return this.write(operation, 'POST', path, body);
  }

  private async write<T>(
    operation: string,
    method: HttpMethod,
    path: string,
    body?: unknown,
  ): Promise<T> {
    return this.send({ operation, method, path, body, repeatable: false, expect: 'object' });
  }

  private async send<T>(request: DollrRequest): Promise<T> {
    return this.transport.request<T>(request);
  }
}

function pathId(value: number, field: string, operation: string): string {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new DollrInvalidRequestError(`has ${field} ${String(value)}, which is not a Dollr id`, {
      operation,
    });
  }
  return String(value);
}

function pathText(value: string, field: string, operation: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DollrInvalidRequestError(`needs a ${field}`, { operation });
  }
  return encodeURIComponent(value);
}

/** An id as the string Dollr's execution endpoints expect: "55" from 55 or "55". */
function wireId(value: WireId, field: string, operation: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if ((typeof value === 'number' && !Number.isSafeInteger(value)) || !/^[1-9]\d*$/.test(text)) {
    throw new DollrInvalidRequestError(
      `has ${field} ${JSON.stringify(value)}, which is not a Dollr id`,
      {
        operation,
      },
    );
  }
  return text;
}

function referenceId(value: string, operation: string): string {
  if (typeof value !== 'string' || !UUID_V4.test(value)) {
    throw new DollrInvalidRequestError(
      `has reference_id ${JSON.stringify(value)}: it must be a UUID v4 generated and stored by ` +
        'the caller before the call',
      { operation },
    );
  }
  return value;
}

function statusPath(operation: OperationType, reference: string, op: string): string {
  return `/v1/status/${operation.toLowerCase()}/${pathText(reference, 'reference_id', op)}`;
}

function checkExecution(response: ExecutionResponse, operation: string): ExecutionResponse {
  if (typeof response.status !== 'string') {
    throw new DollrUnexpectedResponseError('the execution has no status', { operation });
  }
  return response;
}
