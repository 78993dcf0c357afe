import type { DollrClient } from './dollr.client';
import {
  DollrOutcomeUnknownError,
  DollrRateLimitedError,
  DollrServerError,
  DollrUnavailableError,
} from './errors';
import {
  dropConnection,
  FakeDollrServer,
  hang,
  inTurn,
  ok,
  type RouteHandler,
  sendJson,
  status,
} from './testing/fake-dollr-server';
import { recordingLogger, REFERENCE_ID, testClient } from './testing/test-client';
import { waitFor } from './testing/wait-for';

const PARTIES = '/v1/parties/list';

describe('DollrClient retries', () => {
  let server: FakeDollrServer;

  beforeEach(async () => {
    server = await FakeDollrServer.start();
  });

  afterEach(() => server.close());

  describe('reads', () => {
    it('retries 5xx with full-jitter exponential backoff until one succeeds', async () => {
      server.on('GET', PARTIES, inTurn(status(503), status(502), ok([{ id: 42 }])));
      const { logger, lines } = recordingLogger();
      const client = testClient(server, {
        logger,
        random: () => 0.5,
        retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 1000 },
      });

      await expect(client.listParties()).resolves.toEqual([{ id: 42 }]);

      expect(server.requestsTo('GET', PARTIES)).toHaveLength(3);
      const waits = lines.filter((l) => l.level === 'warn').map((l) => l.message);
      expect(waits).toEqual([
        expect.stringContaining(
          'Dollr answered 503 (status 503); retrying in 10 ms (attempt 2 of 4)',
        ),
        expect.stringContaining(
          'Dollr answered 502 (status 502); retrying in 20 ms (attempt 3 of 4)',
        ),
      ]);
    });

    it('stops after maxAttempts with a temporary DollrServerError', async () => {
      server.on('GET', PARTIES, status(500, { detail: 'database down' }));
      const client = testClient(server, { retry: { maxAttempts: 3 } });

      const error = await client.listParties().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrServerError);
      expect(error).toMatchObject({ code: 'DOLLR_SERVER_ERROR', temporary: true, status: 500 });
      expect((error as Error).message).toBe(
        'Dollr failed on parties.list with 500 after 3 attempts (database down). Dollr or its ' +
          'upstream is having trouble; try again later.',
      );
      expect(server.requestsTo('GET', PARTIES)).toHaveLength(3);
    });

    it('retries a dropped connection', async () => {
      server.on('GET', PARTIES, inTurn(dropConnection, ok([])));
      const client = testClient(server);
      await expect(client.listParties()).resolves.toEqual([]);
      expect(server.requestsTo('GET', PARTIES)).toHaveLength(2);
    });

    it('times out each attempt and ends with DollrUnavailableError', async () => {
      server.on('GET', PARTIES, hang);
      const client = testClient(server, { timeoutMs: 150, retry: { maxAttempts: 2 } });
      const started = Date.now();

      const error = await client.listParties().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrUnavailableError);
      expect((error as Error).message).toContain('no answer within 150 ms after 2 attempts');
      expect(server.requestsTo('GET', PARTIES)).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('does not retry 4xx answers', async () => {
      server.on('GET', PARTIES, status(400, { detail: 'bad query' }));
      const client = testClient(server);
      await expect(client.listParties()).rejects.toMatchObject({
        code: 'DOLLR_UNEXPECTED_RESPONSE',
      });
      expect(server.requestsTo('GET', PARTIES)).toHaveLength(1);
    });
  });

  describe('calls that create something or move money', () => {
    interface UnsafeCall {
      operation: string;
      method: string;
      path: string;
      call: (client: DollrClient) => Promise<unknown>;
      /** For executions: where the caller polls to resolve the outcome. */
      statusPrefix?: string;
    }
    const unsafeCalls: UnsafeCall[] = [
      {
        operation: 'parties.create',
        method: 'POST',
        path: '/v1/parties/create',
        call: (c) => c.createParty({ fullname: 'A', phone: '231771234567' }),
      },
      {
        operation: 'counterparties.create',
        method: 'POST',
        path: '/v1/counterparties/create',
        call: (c) => c.createCounterparty({ relationship_type: 'SUPPLIER', party_id: 42 }),
      },
      {
        operation: 'invoices.create',
        method: 'POST',
        path: '/v1/invoices/create',
        call: (c) =>
          c.createInvoice({
            counterparty_id: 15,
            currency: 'USD',
            fee_bearer: 'PAYER',
            as_payment_link: false,
          }),
      },
      {
        operation: 'invoices.items.add',
        method: 'POST',
        path: '/v1/invoices/101/items/add',
        call: (c) => c.addInvoiceItem(101, { name: 'x', currency: 'USD', qty: 1, amount: '10.00' }),
      },
      {
        operation: 'invoices.items.update',
        method: 'PUT',
        path: '/v1/invoices/101/items/7/update',
        call: (c) => c.updateInvoiceItem(101, 7, { qty: 2 }),
      },
      {
        operation: 'invoices.items.remove',
        method: 'DELETE',
        path: '/v1/invoices/101/items/7/remove',
        call: (c) => c.removeInvoiceItem(101, 7),
      },
      {
        operation: 'invoices.publish',
        method: 'PUT',
        path: '/v1/invoices/publish/101',
        call: (c) => c.publishInvoice(101),
      },
      {
        operation: 'invoices.cancel',
        method: 'DELETE',
        path: '/v1/invoices/cancel/101',
        call: (c) => c.cancelInvoice(101),
      },
      {
        operation: 'checkouts.create',
        method: 'POST',
        path: '/v1/checkouts/create',
        call: (c) =>
          c.createCheckout({
            mode: 'HOSTED',
            source_kind: 'INVOICE',
            party_phone: '231771234567',
            currency: 'USD',
            items: [{ name: 'x', currency: 'USD', amount: '5' }],
          }),
      },
      {
        operation: 'sessions.checkout',
        method: 'POST',
        path: '/v1/sessions/checkout',
        call: (c) => c.createCheckoutSession({ source_id: 101, source_type: 'INVOICE' }),
      },
      {
        operation: 'sessions.payout',
        method: 'POST',
        path: '/v1/sessions/payout',
        call: (c) =>
          c.createPayoutSession({ payout_account_id: 18, amount: '100.00', currency: 'USD' }),
      },
      {
        operation: 'sessions.transfer',
        method: 'POST',
        path: '/v1/sessions/transfer',
        call: (c) =>
          c.createTransferSession({
            from_wallet_id: 1,
            to_counterparty_id: 15,
            amount: '5',
            currency: 'USD',
            expires_at: '2025-06-01T15:00:00Z',
          }),
      },
      {
        operation: 'sessions.refund',
        method: 'POST',
        path: '/v1/sessions/refund',
        call: (c) =>
          c.createRefundSession({
            original_payment_intent_id: 9,
            amount: '5',
            expires_at: '2025-06-01T15:00:00Z',
          }),
      },
      {
        operation: 'paymentAccounts.create',
        method: 'POST',
        path: '/v1/payment-accounts/create',
        call: (c) =>
          c.createPaymentAccount('PAYOUT', {
            account_name: 'A',
            provider: 'PAWAPAY',
            method: 'MTN_MOMO_LBR',
            party_id: 42,
            country_code: 'LR',
            insensitive_account_number: '231771234567',
          }),
      },
      {
        operation: 'executions.collection',
        method: 'POST',
        path: '/v1/executions/collection',
        call: (c) =>
          c.executeCollection({
            session_id: 55,
            payment_account_id: 18,
            currency: 'LRD',
            reference_id: REFERENCE_ID,
          }),
        statusPrefix: '/v1/status/collection/',
      },
      {
        operation: 'executions.payout',
        method: 'POST',
        path: '/v1/executions/payout',
        call: (c) =>
          c.executePayout({ session_id: 55, payout_account_id: 18, reference_id: REFERENCE_ID }),
        statusPrefix: '/v1/status/payout/',
      },
      {
        operation: 'executions.transfer',
        method: 'POST',
        path: '/v1/executions/transfer',
        call: (c) => c.executeTransfer({ session_id: '56', reference_id: REFERENCE_ID }),
        statusPrefix: '/v1/status/transfer/',
      },
      {
        operation: 'executions.refund',
        method: 'POST',
        path: '/v1/executions/refund',
        call: (c) => c.executeRefund({ session_id: 57, reference_id: REFERENCE_ID }),
        statusPrefix: '/v1/status/refund/',
      },
    ];

    const creates = unsafeCalls.filter((c) => c.statusPrefix === undefined);
    const executions = unsafeCalls.flatMap(({ statusPrefix, ...c }) =>
      statusPrefix === undefined ? [] : [{ ...c, statusPath: `${statusPrefix}${REFERENCE_ID}` }],
    );

    async function failWith500(
      method: string,
      path: string,
      call: (client: DollrClient) => Promise<unknown>,
    ): Promise<DollrOutcomeUnknownError> {
      server.on(method, path, status(500));
      const error = await call(testClient(server)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DollrOutcomeUnknownError);
      expect(server.requestsTo(method, path)).toHaveLength(1);
      return error as DollrOutcomeUnknownError;
    }

    it.each(creates)(
      '$operation is sent once on a 5xx and fails with DollrOutcomeUnknownError',
      async ({ operation, method, path, call }) => {
        const error = await failWith500(method, path, call);
        expect(error).toMatchObject({
          code: 'DOLLR_OUTCOME_UNKNOWN',
          temporary: false,
          operation,
          reason: 'server_error',
          status: 500,
          referenceId: undefined,
        });
        expect(error.message).toContain(
          'Look it up (retrieve or list) to see whether Dollr applied it before sending it again.',
        );
      },
    );

    it.each(executions)(
      '$operation is sent once on a 5xx and fails with its reference_id and status path',
      async ({ operation, method, path, call, statusPath }) => {
        const error = await failWith500(method, path, call);
        expect(error).toMatchObject({
          code: 'DOLLR_OUTCOME_UNKNOWN',
          temporary: false,
          operation,
          reason: 'server_error',
          referenceId: REFERENCE_ID,
          statusPath,
        });
        expect(error.message).toContain(`${operation} (reference_id ${REFERENCE_ID}) is unknown`);
        expect(error.message).toContain(`Poll GET ${statusPath} before anything else`);
      },
    );

    it('does not resend an execution that timed out', async () => {
      server.on('POST', '/v1/executions/payout', hang);
      const client = testClient(server, { timeoutMs: 150 });

      const error = await client
        .executePayout({ session_id: 55, payout_account_id: 18, reference_id: REFERENCE_ID })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrOutcomeUnknownError);
      expect(error).toMatchObject({ reason: 'timeout', referenceId: REFERENCE_ID });
      expect((error as Error).message).toContain('no answer within 150 ms');
      expect(server.requestsTo('POST', '/v1/executions/payout')).toHaveLength(1);
    });

    it('does not resend an execution whose connection was dropped', async () => {
      server.on('POST', '/v1/executions/collection', dropConnection);
      const client = testClient(server);

      const error = await client
        .executeCollection({
          session_id: 55,
          payment_account_id: 18,
          currency: 'USD',
          reference_id: REFERENCE_ID,
        })
        .catch((e: unknown) => e);

      expect(error).toMatchObject({ reason: 'network_error', referenceId: REFERENCE_ID });
      expect(server.requestsTo('POST', '/v1/executions/collection')).toHaveLength(1);
    });

    it('treats an unreadable 200 on an execution as an unknown outcome', async () => {
      server.on('POST', '/v1/executions/transfer', (_req, res) => sendJson(res, 200, '<html>ok'));
      const client = testClient(server);

      await expect(
        client.executeTransfer({ session_id: 56, reference_id: REFERENCE_ID }),
      ).rejects.toMatchObject({ code: 'DOLLR_OUTCOME_UNKNOWN', reason: 'unreadable_response' });
      expect(server.requestsTo('POST', '/v1/executions/transfer')).toHaveLength(1);
    });

    it('retries a 429 on an execution: Dollr refused it unprocessed', async () => {
      const body = { reference_id: REFERENCE_ID, status: 'PENDING' };
      server.on(
        'POST',
        '/v1/executions/refund',
        inTurn(status(429, { detail: 'slow down' }, { 'retry-after': '0' }), ok(body)),
      );
      const client = testClient(server);

      await expect(
        client.executeRefund({ session_id: 57, reference_id: REFERENCE_ID }),
      ).resolves.toEqual(body);
      const sent = server.requestsTo('POST', '/v1/executions/refund');
      expect(sent).toHaveLength(2);
      expect(sent[1].body).toBe(sent[0].body);
    });
  });

  describe('429', () => {
    it('pauses a queued request until Retry-After has passed', async () => {
      let limitedAt = 0;
      server.on(
        'GET',
        PARTIES,
        inTurn((_req, res) => {
          limitedAt = Date.now();
          sendJson(res, 429, { detail: 'Too Many Requests' }, { 'retry-after': '1' });
        }, ok([])),
      );
      server.on('GET', '/v1/parties/retrieve/42', ok({ id: 42 }));
      const client = testClient(server, { maxConcurrency: 1 });
      await client.authenticate();

      // Both start together; the second waits for the first's slot and must then see the pause.
      const [list, party] = await Promise.all([client.listParties(), client.retrieveParty(42)]);

      expect(list).toEqual([]);
      expect(party).toEqual({ id: 42 });
      const [retried] = server.requestsTo('GET', PARTIES).slice(1);
      const [other] = server.requestsTo('GET', '/v1/parties/retrieve/42');
      expect(other.at - limitedAt).toBeGreaterThanOrEqual(950);
      expect(retried.at - limitedAt).toBeGreaterThanOrEqual(950);
    });

    it('pauses requests that start while the pause is in force (HTTP-date Retry-After)', async () => {
      let limitedAt = 0;
      const limited: RouteHandler = (_req, res) => {
        limitedAt = Date.now();
        // An HTTP date has whole seconds, so this asks for a pause of 1 to 2 s.
        const until = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toUTCString();
        sendJson(res, 429, {}, { 'retry-after': until });
      };
      server.on('GET', PARTIES, inTurn(limited, ok([])));
      server.on('GET', '/v1/fees/tiers', ok([{ name: 'default', is_default: true }]));
      const { logger, lines } = recordingLogger();
      const client = testClient(server, { logger });

      const list = client.listParties();
      await waitFor(() => lines.some((line) => line.message.includes('(429)')));
      const tiers = await client.feeTiers();
      await list;

      expect(tiers).toEqual([{ name: 'default', is_default: true }]);
      const [other] = server.requestsTo('GET', '/v1/fees/tiers');
      expect(other.at - limitedAt).toBeGreaterThanOrEqual(950);
    });

    it('fails fast when Retry-After is longer than the client will wait, and so do later calls', async () => {
      server.on('GET', PARTIES, status(429, {}, { 'retry-after': '3600' }));
      const client = testClient(server, { retry: { maxRetryAfterMs: 5000 } });

      const error = await client.listParties().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DollrRateLimitedError);
      expect(error).toMatchObject({ retryAfterMs: 3_600_000, temporary: true });
      expect((error as Error).message).toContain('asks to wait 3600 s');
      expect((error as Error).message).toContain('DOLLR_RATE_LIMIT_RPS');

      await expect(client.retrieveParty(1)).rejects.toBeInstanceOf(DollrRateLimitedError);
      expect(server.requestsTo('GET', '/v1/parties/retrieve/1')).toHaveLength(0);
      expect(server.requestsTo('GET', PARTIES)).toHaveLength(1);
    });

    it('gives up after maxAttempts 429s', async () => {
      server.on('GET', PARTIES, status(429, {}, { 'retry-after': '0' }));
      const client = testClient(server, { retry: { maxAttempts: 3 } });

      await expect(client.listParties()).rejects.toMatchObject({ code: 'DOLLR_RATE_LIMITED' });
      expect(server.requestsTo('GET', PARTIES)).toHaveLength(3);
    });
  });
});
