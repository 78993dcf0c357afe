import {
  DollrForbiddenError,
  DollrInvalidRequestError,
  DollrNotFoundError,
  DollrValidationError,
} from './errors';
import {
  FakeDollrServer,
  ok,
  type RouteHandler,
  sendJson,
  status,
} from './testing/fake-dollr-server';
import {
  recordingLogger,
  REFERENCE_ID,
  TEST_CLIENT_SECRET,
  TEST_PASSCODE,
  testClient,
} from './testing/test-client';

describe('DollrClient payloads', () => {
  let server: FakeDollrServer;

  beforeEach(async () => {
    server = await FakeDollrServer.start();
  });

  afterEach(() => server.close());

  const bodyOf = (method: string, path: string): string => {
    const [request] = server.requestsTo(method, path);
    return request.body;
  };

  describe('amounts', () => {
    it('writes decimal strings as JSON numbers, digit for digit', async () => {
      server.on('POST', '/v1/sessions/payout', ok({ id: 55, wallet_id: 3 }));
      server.on('POST', '/v1/invoices/101/items/add', ok({ id: 7 }));
      server.on('POST', '/v1/checkouts/create', ok({ source_id: 101 }));
      const client = testClient(server);

      await client.createPayoutSession({
        payout_account_id: 18,
        amount: '100.10',
        currency: 'USD',
      });
      await client.addInvoiceItem(101, {
        name: 'Strategy',
        currency: 'USD',
        qty: 2,
        amount: '250.00',
      });
      await client.createCheckout({
        mode: 'HOSTED',
        source_kind: 'ORDER',
        party_phone: '231771234567',
        currency: 'USD',
        items: [
          { name: 'A', currency: 'USD', amount: '0.10' },
          { name: 'B', currency: 'USD', amount: '99999999999999999.99' },
        ],
      });

      expect(bodyOf('POST', '/v1/sessions/payout')).toBe(
        '{"payout_account_id":18,"amount":100.10,"currency":"USD"}',
      );
      expect(bodyOf('POST', '/v1/invoices/101/items/add')).toBe(
        '{"name":"Strategy","currency":"USD","qty":2,"amount":250.00}',
      );
      expect(bodyOf('POST', '/v1/checkouts/create')).toContain(
        '"items":[{"name":"A","currency":"USD","amount":0.10},{"name":"B","currency":"USD","amount":99999999999999999.99}]',
      );
      expect(bodyOf('POST', '/v1/checkouts/create')).toContain('"source_kind":"ORDER"');
    });

    it('sends prediction amounts in the query exactly as given', async () => {
      server.on('GET', '/v1/predictions/amount-and-fees', ok({}));
      const client = testClient(server);
      await client.predictAmountAndFees({
        base_amount: '100.10',
        base_currency: 'USD',
        target_currency: 'LRD',
        payment_method: 'MTN_MOMO_LBR',
        operation_type: 'COLLECTION',
        provider: 'PAWAPAY',
        fee_bearer: 'PAYER',
      });
      const [request] = server.requestsTo('GET', '/v1/predictions/amount-and-fees');
      expect(Object.fromEntries(request.query)).toEqual({
        base_amount: '100.10',
        base_currency: 'USD',
        target_currency: 'LRD',
        payment_method: 'MTN_MOMO_LBR',
        operation_type: 'COLLECTION',
        provider: 'PAWAPAY',
        fee_bearer: 'PAYER',
      });
    });

    it('reads response amounts, fees and rates back as exact decimal strings', async () => {
      server.on('GET', '/v1/predictions/amount-and-fees', (_req, res) =>
        sendJson(
          res,
          200,
          '{"payer_amount": 18525.10, "payer_currency": "LRD", "payee_amount": 100.10, ' +
            '"payee_currency": "USD", "platform_fee": 2.50, "gateway_fee": 1, "fx_fee": 0.30, ' +
            '"fx_rate": 182.3456789012345678}',
        ),
      );
      const client = testClient(server);

      const prediction = await client.predictAmountAndFees({
        base_amount: '100.10',
        base_currency: 'USD',
        target_currency: 'LRD',
        payment_method: 'MTN_MOMO_LBR',
        operation_type: 'COLLECTION',
        provider: 'PAWAPAY',
        fee_bearer: 'PAYER',
      });

      expect(prediction).toEqual({
        payer_amount: '18525.10',
        payer_currency: 'LRD',
        payee_amount: '100.10',
        payee_currency: 'USD',
        platform_fee: '2.50',
        gateway_fee: '1',
        fx_fee: '0.30',
        fx_rate: '182.3456789012345678',
      });
    });

    it('keeps ids as integers and nested amounts as strings on an invoice', async () => {
      server.on('GET', '/v1/invoices/retrieve/101', (_req, res) =>
        sendJson(
          res,
          200,
          '{"id":101,"status":"IDLE","total_amount":500.00,"invoice_items":[{"id":7,"qty":2,"amount":250.00}],"counterparty":{"id":15,"party":{"id":42}}}',
        ),
      );
      const client = testClient(server);
      await expect(client.retrieveInvoice(101)).resolves.toEqual({
        id: 101,
        status: 'IDLE',
        total_amount: '500.00',
        invoice_items: [{ id: 7, qty: 2, amount: '250.00' }],
        counterparty: { id: 15, party: { id: 42 } },
      });
    });

    it.each([
      ['an exponent', '1e2'],
      ['a comma', '10,50'],
      ['a negative sign', '-10.00'],
    ])('refuses an amount with %s before sending anything', async (_label, amount) => {
      const client = testClient(server);
      await expect(
        client.createPayoutSession({ payout_account_id: 18, amount, currency: 'USD' }),
      ).rejects.toBeInstanceOf(DollrInvalidRequestError);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('ids and execution bodies', () => {
    const execution = { reference_id: REFERENCE_ID, status: 'PENDING' };

    it('sends execution ids as strings, converting the integers Dollr returns', async () => {
      server.on('POST', '/v1/executions/collection', ok(execution));
      const client = testClient(server);

      await expect(
        client.executeCollection({
          session_id: 55,
          payment_account_id: '18',
          currency: 'LRD',
          reference_id: REFERENCE_ID,
        }),
      ).resolves.toEqual(execution);

      expect(JSON.parse(bodyOf('POST', '/v1/executions/collection'))).toEqual({
        session_id: '55',
        payment_account_id: '18',
        currency: 'LRD',
        reference_id: REFERENCE_ID,
      });
    });

    it('keeps session-request ids as integers and uses source_type', async () => {
      server.on('POST', '/v1/sessions/checkout', ok({ id: 55 }));
      const client = testClient(server);
      await client.createCheckoutSession({ source_id: 101, source_type: 'INVOICE' });
      expect(bodyOf('POST', '/v1/sessions/checkout')).toBe(
        '{"source_id":101,"source_type":"INVOICE"}',
      );
    });

    it('adds the payout passcode with its device description', async () => {
      server.on('POST', '/v1/executions/payout', ok(execution));
      const client = testClient(server, {
        payout: {
          passcode: TEST_PASSCODE,
          phone: '231771234567',
          device: { client_ip: '203.0.113.10' },
        },
      });

      await client.executePayout({
        session_id: 55,
        payout_account_id: 18,
        reference_id: REFERENCE_ID,
      });

      const body = JSON.parse(bodyOf('POST', '/v1/executions/payout')) as Record<string, unknown>;
      expect(body).toEqual({
        session_id: '55',
        payout_account_id: '18',
        reference_id: REFERENCE_ID,
        passcode: {
          token: { code: TEST_PASSCODE, phone: '231771234567' },
          device: {
            name: 'dollr-connector',
            type: 'SERVER',
            platform: 'NODE',
            user_agent: expect.stringContaining('dollr-connector') as string,
            client_ip: '203.0.113.10',
          },
        },
      });
    });

    it('refuses a payout without passcode before sending anything', async () => {
      const client = testClient(server, { payout: undefined });
      await expect(
        client.executePayout({ session_id: 55, payout_account_id: 18, reference_id: REFERENCE_ID }),
      ).rejects.toThrow(/DOLLR_PAYOUT_PASSCODE/);
      expect(server.requests).toHaveLength(0);
    });

    it.each([
      ['not a UUID', 'payment-1'],
      ['a UUID v1', 'f47ac10b-58cc-11cf-a447-0800200c9a66'],
      ['empty', ''],
    ])('refuses a reference_id that is %s', async (_label, reference) => {
      const client = testClient(server);
      const error = await client
        .executeTransfer({ session_id: 56, reference_id: reference })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DollrInvalidRequestError);
      expect((error as Error).message).toContain(
        'must be a UUID v4 generated and stored by the caller',
      );
      expect(server.requests).toHaveLength(0);
    });

    it.each([
      ['a fraction', 5.5],
      ['zero', 0],
      ['a non-numeric string', 'abc'],
    ])('refuses a session_id that is %s', async (_label, sessionId) => {
      const client = testClient(server);
      await expect(
        client.executeRefund({ session_id: sessionId, reference_id: REFERENCE_ID }),
      ).rejects.toBeInstanceOf(DollrInvalidRequestError);
      expect(server.requests).toHaveLength(0);
    });

    it('encodes path parameters and puts operation_type in the query', async () => {
      server.on('GET', '/v1/invoices/retrieve/number/INV-2025-0042', ok({ id: 101 }));
      server.on('POST', '/v1/payment-accounts/create', ok({ id: 18, is_active: true }));
      server.on('GET', '/v1/status/source', ok({ status: 'PAID' }));
      const client = testClient(server);

      await client.retrieveInvoiceByNumber('INV-2025-0042');
      await client.createPaymentAccount('COLLECTION', {
        account_name: 'Amara MTN Wallet',
        provider: 'PAWAPAY',
        method: 'MTN_MOMO_LBR',
        party_id: 42,
        country_code: 'LR',
        insensitive_account_number: '231771234567',
      });
      await expect(
        client.sourceStatus({ source_type: 'INVOICE', source_id: 101 }),
      ).resolves.toEqual({
        status: 'PAID',
      });

      const [account] = server.requestsTo('POST', '/v1/payment-accounts/create');
      expect(account.query.get('operation_type')).toBe('COLLECTION');
      const [source] = server.requestsTo('GET', '/v1/status/source');
      expect(Object.fromEntries(source.query)).toEqual({
        source_type: 'INVOICE',
        source_id: '101',
      });
    });

    it('reads an execution status by operation and reference_id', async () => {
      const completed = { reference_id: REFERENCE_ID, status: 'COMPLETED', payer_amount: 10.5 };
      server.on('GET', `/v1/status/payout/${REFERENCE_ID}`, ok(completed));
      const client = testClient(server);
      await expect(client.executionStatus('PAYOUT', REFERENCE_ID)).resolves.toEqual({
        ...completed,
        payer_amount: '10.5',
      });
    });

    it('rejects a list endpoint that does not answer with a list', async () => {
      server.on('GET', '/v1/counterparties/list', ok({ items: [] }));
      const client = testClient(server);
      await expect(client.listCounterparties()).rejects.toMatchObject({
        code: 'DOLLR_UNEXPECTED_RESPONSE',
        message: expect.stringContaining('is not a JSON list') as string,
      });
    });
  });

  describe('error mapping', () => {
    it('maps a 422 to DollrValidationError naming every field', async () => {
      server.on(
        'POST',
        '/v1/invoices/create',
        status(422, {
          detail: [
            { loc: ['body', 'currency'], msg: 'field required', type: 'value_error.missing' },
            {
              loc: ['body', 'counterparty_id'],
              msg: 'value is not a valid integer',
              type: 'type_error.integer',
            },
          ],
        }),
      );
      const client = testClient(server);

      const error = await client
        .createInvoice({
          counterparty_id: 15,
          currency: 'USD',
          fee_bearer: 'PAYER',
          as_payment_link: true,
        })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrValidationError);
      const validation = error as DollrValidationError;
      expect(validation.fields).toEqual(['body.currency', 'body.counterparty_id']);
      expect(validation.detail).toEqual([
        { loc: ['body', 'currency'], msg: 'field required', type: 'value_error.missing' },
        {
          loc: ['body', 'counterparty_id'],
          msg: 'value is not a valid integer',
          type: 'type_error.integer',
        },
      ]);
      expect(validation.message).toBe(
        'Dollr rejected invoices.create (422): body.currency: field required; ' +
          'body.counterparty_id: value is not a valid integer',
      );
      expect(server.requestsTo('POST', '/v1/invoices/create')).toHaveLength(1);
    });

    it('maps a 403 to DollrForbiddenError without retrying', async () => {
      server.on('POST', '/v1/sessions/payout', status(403, { detail: 'Merchant not verified' }));
      const client = testClient(server);

      const error = await client
        .createPayoutSession({ payout_account_id: 18, amount: '5.00', currency: 'USD' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrForbiddenError);
      expect(error).toMatchObject({ code: 'DOLLR_FORBIDDEN', temporary: false, status: 403 });
      expect((error as Error).message).toContain('sessions.payout (403: Merchant not verified)');
      expect(server.requestsTo('POST', '/v1/sessions/payout')).toHaveLength(1);
    });

    it('maps a 404 to DollrNotFoundError without retrying', async () => {
      server.on(
        'GET',
        `/v1/status/collection/${REFERENCE_ID}`,
        status(404, { detail: 'Not found' }),
      );
      const client = testClient(server);

      const error = await client
        .executionStatus('COLLECTION', REFERENCE_ID)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrNotFoundError);
      expect(error).toMatchObject({ code: 'DOLLR_NOT_FOUND', temporary: false });
      expect((error as Error).message).toBe(
        `Dollr found nothing for status.collection at GET /v1/status/collection/${REFERENCE_ID} (404: Not found).`,
      );
      expect(server.requestsTo('GET', `/v1/status/collection/${REFERENCE_ID}`)).toHaveLength(1);
    });
  });

  describe('redaction', () => {
    // A misbehaving server that echoes everything it was sent.
    const echo =
      (code: number): RouteHandler =>
      (request, response) =>
        sendJson(response, code, {
          detail: `bad request Bearer ${request.token} token=${request.token} body=${request.body}`,
        });

    it.each([400, 403, 404, 422, 500])(
      'keeps the secret, passcode and bearer token out of a %i error and the logs',
      async (code) => {
        server.on('POST', '/v1/executions/payout', echo(code));
        const { logger, lines } = recordingLogger();
        const client = testClient(server, { logger });

        const error = await client
          .executePayout({ session_id: 55, payout_account_id: 18, reference_id: REFERENCE_ID })
          .catch((e: unknown) => e);

        const [request] = server.requestsTo('POST', '/v1/executions/payout');
        const token = request.token ?? 'no token sent';
        const printed = [(error as Error).message, ...lines.map((line) => line.message)].join('\n');
        expect(printed).toContain('***');
        expect(printed).not.toContain(token);
        expect(printed).not.toContain(TEST_PASSCODE);
        expect(printed).not.toContain(TEST_CLIENT_SECRET);
      },
    );

    it('keeps an echoed client secret out of a token error', async () => {
      server.on('POST', '/v1/jwt/client/obtain/token', (request, response) =>
        sendJson(response, 422, {
          detail: [
            { loc: ['body', 'client_secret'], msg: `bad ${request.body}`, input: request.body },
          ],
        }),
      );
      const client = testClient(server);
      const error = await client.authenticate().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DollrValidationError);
      expect((error as Error).message).not.toContain(TEST_CLIENT_SECRET);
      expect((error as Error).message).toContain('body.client_secret');
    });
  });
});
