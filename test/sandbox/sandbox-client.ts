import { randomUUID } from 'node:crypto';
import { parse } from 'lossless-json';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../src/sandbox';

/** A JSON object; arrays and nested objects are cast where a test reads into them. */
export type Json = Record<string, unknown>;

/** A test's view of one HTTP answer: JSON.parse'd body, plus every number kept as exact text. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json;
  /** The body with every JSON number as its exact text ("250.00"). */
  readonly exact: Json;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; rawBody?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${base}${path}`, { method, headers, body: payload });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    body: (isJson ? JSON.parse(text) : { text }) as Json,
    exact: (isJson ? parse(text, null, (value) => value) : { text }) as Json,
  };
}

/** A merchant session against a sandbox: a token and helpers for the usual flows. */
export class Merchant {
  constructor(
    readonly sandbox: RunningSandbox,
    readonly token: string,
  ) {}

  static async login(
    sandbox: RunningSandbox,
    clientId = sandbox.clientId,
    clientSecret = sandbox.clientSecret,
  ): Promise<Merchant> {
    const answer = await call(sandbox.url, 'POST', '/v1/jwt/client/obtain/token', {
      body: { client_id: clientId, client_secret: clientSecret },
    });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
    return new Merchant(sandbox, answer.body.access_token as string);
  }

  get(path: string): Promise<Answer> {
    return call(this.sandbox.url, 'GET', path, { token: this.token });
  }

  post(path: string, body?: unknown): Promise<Answer> {
    return call(this.sandbox.url, 'POST', path, { token: this.token, body });
  }

  put(path: string, body?: unknown): Promise<Answer> {
    return call(this.sandbox.url, 'PUT', path, { token: this.token, body });
  }

  delete(path: string): Promise<Answer> {
    return call(this.sandbox.url, 'DELETE', path, { token: this.token });
  }

  async ok(answer: Promise<Answer>): Promise<Answer> {
    const result = await answer;
    if (result.status !== 200) {
      throw new Error(`expected 200, got ${result.status}: ${JSON.stringify(result.body)}`);
    }
    return result;
  }

  /** A party and a counterparty with this phone. */
  async counterparty(
    phone: string,
    relationship = 'CUSTOMER',
  ): Promise<{ partyId: number; id: number }> {
    const party = await this.ok(
      this.post('/v1/parties/create', { fullname: 'Amara Kamara', phone }),
    );
    const counterparty = await this.ok(
      this.post('/v1/counterparties/create', {
        relationship_type: relationship,
        party_id: party.body.id,
      }),
    );
    return { partyId: party.body.id as number, id: counterparty.body.id as number };
  }

  /** A published invoice of one item. */
  async publishedInvoice(
    counterpartyId: number,
    amount = '250.00',
    currency = 'USD',
    feeBearer = 'PAYER',
  ): Promise<number> {
    const invoice = await this.ok(
      this.post('/v1/invoices/create', {
        counterparty_id: counterpartyId,
        currency,
        fee_bearer: feeBearer,
        as_payment_link: true,
      }),
    );
    const id = invoice.body.id as number;
    await this.ok(
      this.post(`/v1/invoices/${id}/items/add`, {
        name: 'Strategy Session',
        currency,
        qty: 1,
        amount: Number(amount),
      }),
    );
    await this.ok(this.put(`/v1/invoices/publish/${id}`));
    return id;
  }

  /** Everything up to (not including) the collection execution. */
  async collectionSetup(
    phone: string,
    options: { amount?: string; currency?: string; method?: string } = {},
  ): Promise<{ invoiceId: number; sessionId: number; accountId: number }> {
    const { partyId, id } = await this.counterparty(phone);
    const invoiceId = await this.publishedInvoice(id, options.amount, options.currency);
    const session = await this.ok(
      this.post('/v1/sessions/checkout', { source_id: invoiceId, source_type: 'INVOICE' }),
    );
    const method =
      options.method ??
      (
        await this.ok(
          this.get(`/v1/predictions/mmo-provider-info?phone=${phone}&operation_type=COLLECTION`),
        )
      ).body.payment_method;
    const account = await this.ok(
      this.post('/v1/payment-accounts/create?operation_type=COLLECTION', {
        account_name: 'Wallet',
        provider: 'PAWAPAY',
        method,
        party_id: partyId,
        country_code: phone.startsWith('250') ? 'RW' : 'LR',
        insensitive_account_number: phone,
      }),
    );
    return {
      invoiceId,
      sessionId: session.body.id as number,
      accountId: account.body.id as number,
    };
  }

  collect(
    setup: { sessionId: number; accountId: number },
    referenceId: string = randomUUID(),
    currency = 'USD',
  ): Promise<Answer> {
    return this.post('/v1/executions/collection', {
      session_id: String(setup.sessionId),
      payment_account_id: String(setup.accountId),
      currency,
      reference_id: referenceId,
    });
  }

  /** A payout account and session for a beneficiary phone. */
  async payoutSetup(
    phone: string,
    amount = 100,
    currency = 'USD',
  ): Promise<{ sessionId: number; accountId: number; walletId: number }> {
    const { partyId } = await this.counterparty(phone, 'BENEFICIARY');
    const prediction = await this.ok(
      this.get(`/v1/predictions/mmo-provider-info?phone=${phone}&operation_type=PAYOUT`),
    );
    const account = await this.ok(
      this.post('/v1/payment-accounts/create?operation_type=PAYOUT', {
        account_name: 'Payee wallet',
        provider: prediction.body.gateway_provider,
        method: prediction.body.payment_method,
        party_id: partyId,
        insensitive_account_number: phone,
      }),
    );
    const session = await this.ok(
      this.post('/v1/sessions/payout', {
        payout_account_id: account.body.id,
        amount,
        currency,
      }),
    );
    return {
      sessionId: session.body.id as number,
      accountId: account.body.id as number,
      walletId: session.body.wallet_id as number,
    };
  }

  payout(
    setup: { sessionId: number; accountId: number },
    referenceId: string = randomUUID(),
    passcode: unknown = validPasscode(),
  ): Promise<Answer> {
    return this.post('/v1/executions/payout', {
      session_id: String(setup.sessionId),
      payout_account_id: String(setup.accountId),
      reference_id: referenceId,
      passcode,
    });
  }
}

export function validPasscode(code = '123456'): Record<string, unknown> {
  return {
    token: { code, phone: '231770000001' },
    device: {
      name: 'Payout Server',
      type: 'SERVER',
      platform: 'NODE',
      user_agent: 'dollr-payout/1.0',
      client_ip: '203.0.113.10',
    },
  };
}

/** A controllable clock for a sandbox. */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 5, 1, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export async function startTestSandbox(
  options: SandboxOptions = {},
): Promise<{ sandbox: RunningSandbox; clock: TestClock }> {
  const clock = new TestClock();
  const sandbox = await startSandbox({
    now: clock.now,
    timing: { pendingMs: 1_000, processingMs: 5_000, slowProcessingMs: 120_000 },
    ...options,
  });
  return { sandbox, clock };
}

export async function ledger(sandbox: RunningSandbox) {
  return (await call(sandbox.url, 'GET', '/__sandbox/ledger')).body as {
    executions: Array<Record<string, unknown>>;
    wallets: Array<Record<string, unknown>>;
  };
}
