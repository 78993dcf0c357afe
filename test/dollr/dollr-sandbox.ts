import { randomUUID } from 'node:crypto';
import {
  DollrClient,
  type DollrClientOptions,
  type ExecutionResponse,
  mmoRouting,
  type OperationType,
} from '../../src/dollr';
import {
  DEFAULT_MERCHANT_PHONE,
  type RunningSandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox';

/**
 * Support for the client-against-sandbox specs: the real DollrClient talks to a real in-memory
 * sandbox over HTTP. The only things wrapped are `fetch` (to count what went over the wire) and
 * `sleep` (to record backoff delays, still sleeping for real).
 */

export const TOKEN_PATH = '/v1/jwt/client/obtain/token';

/** One HTTP exchange as the client's fetch saw it. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  /** When the request left, epoch ms. */
  readonly sentAt: number;
  status?: number;
  /** When the answer (or the failure) arrived. */
  endedAt?: number;
  error?: string;
}

/** A fetch that forwards to the real one and records every exchange. */
export class WireLog {
  readonly exchanges: Exchange[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const exchange: Exchange = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      sentAt: Date.now(),
    };
    this.exchanges.push(exchange);
    try {
      const response = await fetch(input, init);
      exchange.status = response.status;
      return response;
    } catch (error) {
      exchange.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      exchange.endedAt = Date.now();
    }
  };

  to(path: string, method?: string): Exchange[] {
    return this.exchanges.filter(
      (e) => e.path === path && (method === undefined || e.method === method),
    );
  }

  tokenRequests(): number {
    return this.to(TOKEN_PATH, 'POST').length;
  }

  withStatus(status: number): Exchange[] {
    return this.exchanges.filter((e) => e.status === status);
  }

  clear(): void {
    this.exchanges.length = 0;
  }
}

/** A sleep that really sleeps and records how long it was asked to. */
export class RecordingSleep {
  readonly delays: number[] = [];

  readonly sleep = (ms: number): Promise<void> => {
    this.delays.push(ms);
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  };
}

/** A real clock that a test can move forward (the client's idea of "now"). */
export class ShiftableClock {
  offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface Harness {
  readonly sandbox: RunningSandbox;
  readonly wire: WireLog;
  readonly sleeps: RecordingSleep;
  readonly clock: ShiftableClock;
  /** Fast retries (10 ms base), generous limits, payout credentials of the sandbox merchant. */
  client(overrides?: Partial<DollrClientOptions>): DollrClient;
  control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Clears all sandbox state, its faults and clock offset, and the recorded wire and sleeps. */
  reset(): Promise<void>;
  setFaults(spec: string): Promise<void>;
  /** Moves the sandbox clock (tokens, sessions and executions all follow it). */
  advanceSandboxClock(duration: string): Promise<void>;
  ledger(): Promise<Ledger>;
  close(): Promise<void>;
}

export interface LedgerEntry {
  reference_id: string;
  operation: OperationType;
  amount: string;
  currency: string;
  phone: string | null;
  status: string;
  gateway_message: string | null;
  requests: number;
  effects: number;
  payer_amount: string;
  payer_currency: string;
  payee_amount: string;
  payee_currency: string;
}

export interface LedgerWallet {
  id: number;
  owner: string;
  currency: string;
  balance: string;
  available: string;
}

export interface Ledger {
  executions: LedgerEntry[];
  wallets: LedgerWallet[];
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ statePath: ':memory:', port: 0, ...options });
  const wire = new WireLog();
  const sleeps = new RecordingSleep();
  const clock = new ShiftableClock();

  const control = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      throw new Error(`sandbox ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    }
    return json;
  };

  return {
    sandbox,
    wire,
    sleeps,
    clock,
    client: (overrides = {}) =>
      new DollrClient({
        baseUrl: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        timeoutMs: 5_000,
        rateLimitRps: 1_000,
        maxConcurrency: 64,
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
        random: () => 0.5,
        payout: { passcode: sandbox.passcode, phone: DEFAULT_MERCHANT_PHONE },
        fetch: wire.fetch,
        sleep: sleeps.sleep,
        clock: clock.now,
        ...overrides,
      }),
    control,
    reset: async () => {
      await control('POST', '/reset');
      wire.clear();
      sleeps.delays.length = 0;
      clock.offsetMs = 0;
    },
    setFaults: async (spec) => {
      await control('PUT', '/faults', spec);
    },
    advanceSandboxClock: async (duration) => {
      await control('POST', '/clock', { advance: duration });
    },
    ledger: async () => (await control('GET', '/ledger')) as unknown as Ledger,
    close: () => sandbox.close(),
  };
}

/** A fresh UUID v4, generated (and, in the connector, stored) before executing. */
export const newReference = (): string => randomUUID();

/** Phones whose last three digits script the simulated operator (sandbox README). */
export const PHONES = {
  /** MTN Liberia, completes after `processingMs`. */
  completes: '231886123456',
  /** MTN Liberia, FAILED: payer declined. */
  declined: '231886123901',
  /** Orange Liberia, FAILED: insufficient funds in the payer account. */
  insufficientFunds: '231770123902',
  /** MTN Liberia, stays PROCESSING until settled through the control endpoint. */
  staysProcessing: '231886123909',
} as const;

/** A party and a counterparty, then a MoMo payment account for the phone. */
export async function partyWithAccount(
  client: DollrClient,
  phone: string,
  operation: OperationType,
): Promise<{ partyId: number; counterpartyId: number; accountId: number }> {
  const party = await client.createParty({ fullname: 'Amara Kamara', phone, country_code: 'LR' });
  const counterparty = await client.createCounterparty({
    relationship_type: operation === 'PAYOUT' ? 'BENEFICIARY' : 'CUSTOMER',
    party_id: party.id,
  });
  const routing = mmoRouting(await client.predictMmoProvider({ phone, operation_type: operation }));
  const account = await client.createPaymentAccount(operation, {
    account_name: 'Mobile money wallet',
    provider: routing.provider,
    method: routing.method,
    party_id: party.id,
    country_code: 'LR',
    insensitive_account_number: phone,
  });
  return { partyId: party.id, counterpartyId: counterparty.id, accountId: account.id };
}

/** A published USD invoice with one item, for a counterparty. */
export async function publishedInvoice(
  client: DollrClient,
  counterpartyId: number,
  amount = '250.00',
): Promise<number> {
  const invoice = await client.createInvoice({
    counterparty_id: counterpartyId,
    currency: 'USD',
    fee_bearer: 'PAYER',
    as_payment_link: false,
    note: 'Consulting services',
  });
  await client.addInvoiceItem(invoice.id, {
    name: 'Strategy Session',
    currency: 'USD',
    qty: 1,
    amount,
  });
  await client.publishInvoice(invoice.id);
  return invoice.id;
}

/** Everything before a collection execution: an ACTIVE invoice, a checkout session, an account. */
export async function collectionSetup(
  client: DollrClient,
  phone: string = PHONES.completes,
  amount = '250.00',
): Promise<{ invoiceId: number; sessionId: number; accountId: number }> {
  const { counterpartyId, accountId } = await partyWithAccount(client, phone, 'COLLECTION');
  const invoiceId = await publishedInvoice(client, counterpartyId, amount);
  const session = await client.createCheckoutSession({
    source_id: invoiceId,
    source_type: 'INVOICE',
  });
  return { invoiceId, sessionId: session.id, accountId };
}

/** Everything before a payout execution: a beneficiary account and a payout session. */
export async function payoutSetup(
  client: DollrClient,
  phone: string = PHONES.completes,
  amount = '100.00',
): Promise<{ sessionId: number; accountId: number; walletId: number | undefined }> {
  const { accountId } = await partyWithAccount(client, phone, 'PAYOUT');
  const session = await client.createPayoutSession({
    payout_account_id: accountId,
    amount,
    currency: 'USD',
  });
  return { sessionId: session.id, accountId, walletId: session.wallet_id };
}

export function collect(
  client: DollrClient,
  setup: { sessionId: number; accountId: number },
  referenceId: string,
  currency: 'USD' | 'LRD' = 'USD',
): Promise<ExecutionResponse> {
  return client.executeCollection({
    session_id: setup.sessionId,
    payment_account_id: setup.accountId,
    currency,
    reference_id: referenceId,
  });
}

export function payout(
  client: DollrClient,
  setup: { sessionId: number; accountId: number },
  referenceId: string,
): Promise<ExecutionResponse> {
  return client.executePayout({
    session_id: setup.sessionId,
    payout_account_id: setup.accountId,
    reference_id: referenceId,
  });
}

/** The merchant's wallet balance in a currency, from the ledger. */
export function merchantBalance(ledger: Ledger, currency: string): string {
  const wallet = ledger.wallets.find((w) => w.owner === 'MERCHANT' && w.currency === currency);
  if (wallet === undefined) throw new Error(`no merchant ${currency} wallet in the ledger`);
  return wallet.balance;
}

/** Captures the rejection of a promise, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
