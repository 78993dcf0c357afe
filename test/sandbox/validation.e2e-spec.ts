import { randomUUID } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox';
import { call, Merchant, startTestSandbox } from './sandbox-client';

describe('sandbox 422 validation', () => {
  let sandbox: RunningSandbox;
  let merchant: Merchant;

  beforeEach(async () => {
    ({ sandbox } = await startTestSandbox());
    merchant = await Merchant.login(sandbox);
  });

  afterEach(() => sandbox.close());

  it('reports one entry per bad field, in the FastAPI shape', async () => {
    const answer = await merchant.post('/v1/parties/create', { phone: '+231886123456' });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      detail: [
        { loc: ['body', 'fullname'], msg: 'field required', type: 'value_error.missing' },
        { loc: ['body', 'phone'], msg: 'invalid phone', type: 'value_error.phone' },
      ],
    });
  });

  it('refuses a missing currency and a malformed one', async () => {
    const { id } = await merchant.counterparty('231886123456');
    const missing = await merchant.post('/v1/invoices/create', { counterparty_id: id });
    expect(missing.body).toEqual({
      detail: [{ loc: ['body', 'currency'], msg: 'field required', type: 'value_error.missing' }],
    });
    const bad = await merchant.post('/v1/invoices/create', {
      counterparty_id: id,
      currency: 'usd',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([
      { loc: ['body', 'currency'], msg: 'invalid currency', type: 'value_error.currency' },
    ]);
  });

  it('checks the UUID version nibble of reference_id', async () => {
    const setup = await merchant.collectionSetup('231886123456');
    const v1 = 'a8098c1a-f86e-11da-bd1a-00112444be1e';
    const answer = await merchant.collect(setup, v1);
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toEqual([
      { loc: ['body', 'reference_id'], msg: 'invalid uuid', type: 'type_error.uuid' },
    ]);
  });

  it.each([
    ['USD', '1.005', 'USD amounts have at most 2 decimal places'],
    ['USD', '0.001', 'less than minimum (0.01 USD)'],
    ['RWF', '100.5', 'RWF amounts are whole numbers'],
    ['USD', '0', 'ensure this value is greater than 0'],
  ])('refuses %s %s on an item (%s)', async (currency, amount, msg) => {
    const { id } = await merchant.counterparty('250788123456');
    const invoice = await merchant.ok(
      merchant.post('/v1/invoices/create', { counterparty_id: id, currency }),
    );
    const answer = await call(
      sandbox.url,
      'POST',
      `/v1/invoices/${invoice.body.id as number}/items/add`,
      {
        token: merchant.token,
        body: `{"name":"Item","currency":"${currency}","qty":1,"amount":${amount}}`,
      },
    );
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'amount'], msg })]);
  });

  it('keeps the exact decimals of an amount', async () => {
    const { id } = await merchant.counterparty('231886123456');
    const invoice = await merchant.ok(
      merchant.post('/v1/invoices/create', { counterparty_id: id, currency: 'USD' }),
    );
    const item = await call(
      sandbox.url,
      'POST',
      `/v1/invoices/${invoice.body.id as number}/items/add`,
      {
        token: merchant.token,
        body: '{"name":"Item","currency":"USD","qty":3,"amount":0.10}',
      },
    );
    expect(item.exact).toMatchObject({ amount: '0.10', line_total: '0.30' });
    const detail = await merchant.get(`/v1/invoices/retrieve/${invoice.body.id as number}`);
    expect(detail.exact.total_amount).toBe('0.30');
  });

  it('enforces the documented id types in strict mode', async () => {
    const setup = await merchant.collectionSetup('231886123456');
    const answer = await merchant.post('/v1/executions/collection', {
      session_id: setup.sessionId,
      payment_account_id: String(setup.accountId),
      currency: 'USD',
      reference_id: randomUUID(),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toEqual([
      { loc: ['body', 'session_id'], msg: 'str type expected', type: 'type_error.str' },
    ]);
    const session = await merchant.post('/v1/sessions/checkout', {
      source_id: String(setup.invoiceId),
      source_type: 'INVOICE',
    });
    expect(session.body.detail).toEqual([
      {
        loc: ['body', 'source_id'],
        msg: 'value is not a valid integer',
        type: 'type_error.integer',
      },
    ]);
  });

  it('coerces id types when strict types are off', async () => {
    await sandbox.close();
    ({ sandbox } = await startTestSandbox({ strictTypes: false }));
    merchant = await Merchant.login(sandbox);
    const setup = await merchant.collectionSetup('231886123456');
    const answer = await merchant.post('/v1/executions/collection', {
      session_id: setup.sessionId,
      payment_account_id: setup.accountId,
      currency: 'USD',
      reference_id: randomUUID(),
    });
    expect(answer.status).toBe(200);
  });

  it('refuses an invalid method/provider pair on both fields', async () => {
    const { partyId } = await merchant.counterparty('231886123456');
    const answer = await merchant.post('/v1/payment-accounts/create?operation_type=COLLECTION', {
      account_name: 'x',
      provider: 'STRIPE',
      method: 'MTN_MOMO_LBR',
      party_id: partyId,
      insensitive_account_number: '231886123456',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toEqual([
      { loc: ['body', 'method'], msg: 'invalid combination', type: 'value_error' },
      { loc: ['body', 'provider'], msg: 'invalid combination', type: 'value_error' },
    ]);
  });

  it('refuses SUBSCRIPTION and source_kind outside checkouts', async () => {
    const answer = await merchant.post('/v1/sessions/checkout', {
      source_id: 1,
      source_kind: 'SUBSCRIPTION',
    });
    expect(answer.body.detail).toEqual([
      { loc: ['body', 'source_type'], msg: 'field required', type: 'value_error.missing' },
    ]);
    const sub = await merchant.post('/v1/sessions/checkout', {
      source_id: 1,
      source_type: 'SUBSCRIPTION',
    });
    expect(sub.body.detail).toEqual([
      expect.objectContaining({ loc: ['body', 'source_type'], type: 'type_error.enum' }),
    ]);
  });

  it('uses query as loc[0] for query parameters', async () => {
    const answer = await merchant.get('/v1/predictions/mmo-provider-info?phone=0886123456');
    expect(answer.body.detail).toEqual([
      { loc: ['query', 'phone'], msg: 'invalid phone', type: 'value_error.phone' },
      { loc: ['query', 'operation_type'], msg: 'field required', type: 'value_error.missing' },
    ]);
  });
});
