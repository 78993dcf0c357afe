import { randomUUID } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox';
import {
  call,
  ledger,
  Merchant,
  startTestSandbox,
  type TestClock,
  validPasscode,
} from './sandbox-client';

describe('sandbox executions', () => {
  let sandbox: RunningSandbox;
  let clock: TestClock;
  let merchant: Merchant;

  beforeEach(async () => {
    ({ sandbox, clock } = await startTestSandbox());
    merchant = await Merchant.login(sandbox);
  });

  afterEach(() => sandbox.close());

  const usdWallet = async () =>
    (await ledger(sandbox)).wallets.find((w) => w.owner === 'MERCHANT' && w.currency === 'USD');

  describe('idempotency on reference_id', () => {
    it('returns the same execution for the same payload and never moves money twice', async () => {
      const setup = await merchant.payoutSetup('231886123456', 100);
      const ref = randomUUID();
      const first = await merchant.ok(merchant.payout(setup, ref));
      const second = await merchant.ok(merchant.payout(setup, ref));
      expect(second.body).toEqual(first.body);
      clock.advance(6_000);
      const third = await merchant.ok(merchant.payout(setup, ref));
      expect(third.body).toMatchObject({ reference_id: ref, status: 'COMPLETED' });
      expect(third.body.payment_intent_id).toBe(first.body.payment_intent_id);

      const book = await ledger(sandbox);
      expect(book.executions).toEqual([
        expect.objectContaining({
          reference_id: ref,
          operation: 'PAYOUT',
          requests: 3,
          effects: 1,
          amount: '100.00',
        }),
      ]);
      expect(await usdWallet()).toMatchObject({ balance: '999898.00', available: '999898.00' });
    });

    it('answers 422 "already exists" for the same id with another payload, and counts it', async () => {
      const first = await merchant.payoutSetup('231886123456', 100);
      const other = await merchant.payoutSetup('231886123457', 100);
      const ref = randomUUID();
      await merchant.ok(merchant.payout(first, ref));
      const conflict = await merchant.payout(other, ref);
      expect(conflict.status).toBe(422);
      expect(conflict.body).toEqual({
        detail: [
          {
            loc: ['body', 'reference_id'],
            msg: 'reference_id already exists',
            type: 'value_error.duplicate',
          },
        ],
      });
      const entry = (await ledger(sandbox)).executions[0];
      expect(entry).toMatchObject({ requests: 2, effects: 0, phone: '231886123456' });
    });
  });

  describe('payouts', () => {
    it('requires the passcode object and all its fields', async () => {
      const setup = await merchant.payoutSetup('231886123456');
      const missing = await merchant.post('/v1/executions/payout', {
        session_id: String(setup.sessionId),
        payout_account_id: String(setup.accountId),
        reference_id: randomUUID(),
      });
      expect(missing.status).toBe(422);
      expect(missing.body.detail).toEqual([
        { loc: ['body', 'passcode'], msg: 'field required', type: 'value_error.missing' },
      ]);
      const partial = await merchant.payout(setup, randomUUID(), {
        token: { code: '123456' },
        device: { name: 'srv', type: 'SERVER', platform: 'NODE', user_agent: 'x' },
      });
      expect(partial.body.detail).toEqual([
        {
          loc: ['body', 'passcode', 'token', 'phone'],
          msg: 'phone or user_id required',
          type: 'value_error.missing',
        },
        {
          loc: ['body', 'passcode', 'device', 'client_ip'],
          msg: 'field required',
          type: 'value_error.missing',
        },
      ]);
      expect((await ledger(sandbox)).executions).toEqual([]);
    });

    it('fails at once with a wrong passcode, moving nothing', async () => {
      const setup = await merchant.payoutSetup('231886123456');
      const answer = await merchant.ok(
        merchant.payout(setup, randomUUID(), validPasscode('000000')),
      );
      expect(answer.body).toMatchObject({ status: 'FAILED', gateway_message: 'Invalid passcode' });
      expect(await usdWallet()).toMatchObject({ balance: '1000000.00' });
    });

    it('answers 403 to an unverified merchant', async () => {
      const setup = await merchant.payoutSetup('231886123456');
      await call(sandbox.url, 'PUT', '/__sandbox/merchants/sandbox', { body: { verified: false } });
      const answer = await merchant.payout(setup);
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        detail: 'Merchant is not verified: payouts, transfers and refunds are not allowed',
      });
      const session = await merchant.post('/v1/sessions/payout', {
        payout_account_id: setup.accountId,
        amount: 5,
        currency: 'USD',
      });
      expect(session.status).toBe(403);
    });

    it('ends FAILED, not as an HTTP error, when the wallet cannot cover amount + fees', async () => {
      await call(sandbox.url, 'PUT', '/__sandbox/wallets', {
        body: { currency: 'USD', balance: '100.00' },
      });
      const setup = await merchant.payoutSetup('231886123456', 100);
      const answer = await merchant.ok(merchant.payout(setup));
      expect(answer.body).toMatchObject({
        status: 'FAILED',
        gateway_message: 'Insufficient merchant wallet balance',
      });
      expect((await ledger(sandbox)).executions[0]).toMatchObject({ status: 'FAILED', effects: 0 });
      expect(await usdWallet()).toMatchObject({ balance: '100.00' });
    });

    it('holds in-flight payouts against the wallet', async () => {
      await call(sandbox.url, 'PUT', '/__sandbox/wallets', {
        body: { currency: 'USD', balance: '150.00' },
      });
      const a = await merchant.payoutSetup('231886123456', 100);
      const b = await merchant.payoutSetup('231886123457', 100);
      expect((await merchant.ok(merchant.payout(a))).body.status).toBe('PENDING');
      expect(await usdWallet()).toMatchObject({ balance: '150.00', available: '48.00' });
      expect((await merchant.ok(merchant.payout(b))).body.status).toBe('FAILED');
    });

    it('refuses an expired payout session', async () => {
      const setup = await merchant.payoutSetup('231886123456');
      clock.advance(900_000);
      const answer = await merchant.payout(setup);
      expect(answer.status).toBe(422);
      expect(answer.body.detail).toEqual([
        { loc: ['body', 'session_id'], msg: 'session not found or expired', type: 'value_error' },
      ]);
    });

    it('refuses a session of another type and a used session', async () => {
      const setup = await merchant.payoutSetup('231886123456');
      const wrongType = await merchant.collect({
        sessionId: setup.sessionId,
        accountId: setup.accountId,
      });
      expect(wrongType.body.detail).toEqual([
        expect.objectContaining({ msg: 'session not ACTIVE or wrong operation type' }),
      ]);
      await merchant.ok(merchant.payout(setup));
      const reused = await merchant.payout(setup);
      expect(reused.body.detail).toEqual([
        expect.objectContaining({ msg: 'session not ACTIVE or wrong operation type' }),
      ]);
    });
  });

  describe('test phone numbers', () => {
    it.each([
      ['231886123456', 6_000, 'COMPLETED', 'Transaction completed successfully'],
      ['231886123901', 6_000, 'FAILED', 'Payer declined the transaction'],
      ['231770123902', 6_000, 'FAILED', 'Insufficient funds in payer account'],
      ['250788123903', 6_000, 'FAILED', 'Mobile network operator error'],
      ['231886123904', 121_000, 'COMPLETED', 'Transaction completed successfully'],
      ['231886123905', 121_000, 'FAILED', 'Transaction timed out at the mobile network operator'],
    ])('%s settles after %s ms as %s', async (phone, settleMs, status, message) => {
      const currency = phone.startsWith('250') ? 'RWF' : 'USD';
      const setup = await merchant.collectionSetup(phone, {
        currency,
        amount: currency === 'RWF' ? '1000' : '25.00',
      });
      const ref = randomUUID();
      await merchant.ok(merchant.collect(setup, ref, currency));
      clock.advance(settleMs - 1);
      expect((await merchant.get(`/v1/status/collection/${ref}`)).body).toMatchObject({
        status: 'PROCESSING',
        gateway_message: null,
      });
      clock.advance(1);
      expect((await merchant.get(`/v1/status/collection/${ref}`)).body).toMatchObject({
        status,
        gateway_message: message,
      });
    });

    it('keeps …909 PROCESSING until the control hook settles it', async () => {
      const setup = await merchant.collectionSetup('231886123909');
      const ref = randomUUID();
      await merchant.ok(merchant.collect(setup, ref));
      clock.advance(50 * 60_000);
      expect((await merchant.get(`/v1/status/collection/${ref}`)).body.status).toBe('PROCESSING');
      const hook = await call(sandbox.url, 'POST', `/__sandbox/executions/${ref}/settle`, {
        body: { outcome: 'COMPLETED' },
      });
      expect(hook.body).toEqual({ reference_id: ref, status: 'COMPLETED', effects: 1 });
      expect((await merchant.get(`/v1/status/collection/${ref}`)).body.status).toBe('COMPLETED');
    });

    it('applies the rule to payout beneficiaries and debits amount + fees once', async () => {
      const failing = await merchant.payoutSetup('231770123901', 100);
      const ok = await merchant.payoutSetup('231770123456', 100);
      await merchant.ok(merchant.payout(failing));
      await merchant.ok(merchant.payout(ok));
      clock.advance(6_000);
      const book = await ledger(sandbox);
      expect(book.executions.map((e) => [e.phone, e.status, e.effects])).toEqual([
        ['231770123901', 'FAILED', 0],
        ['231770123456', 'COMPLETED', 1],
      ]);
      expect(await usdWallet()).toMatchObject({ balance: '999898.00' });
    });
  });

  describe('status lookups', () => {
    it('answers 404 for an unknown id and for another operation family', async () => {
      const setup = await merchant.collectionSetup('231886123456');
      const ref = randomUUID();
      await merchant.ok(merchant.collect(setup, ref));
      const unknown = await merchant.get(`/v1/status/collection/${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ detail: 'Execution not found' });
      expect((await merchant.get(`/v1/status/payout/${ref}`)).status).toBe(404);
    });
  });

  describe('FX collection', () => {
    it('executes in the payer currency and agrees with the prediction', async () => {
      const setup = await merchant.collectionSetup('231886123456', { amount: '100.00' });
      const prediction = await merchant.ok(
        merchant.get(
          `/v1/predictions/payment-source/amount-and-fees?source_type=INVOICE&source_id=${setup.invoiceId}` +
            '&target_currency=LRD&payment_method=MTN_MOMO_LBR&provider=PAWAPAY',
        ),
      );
      expect(prediction.exact).toMatchObject({
        payer_amount: '19855.00',
        payer_currency: 'LRD',
        payee_amount: '100.00',
        payee_currency: 'USD',
        fx_fee: '285.00',
        fx_rate: '190',
      });
      const ref = randomUUID();
      const executed = await merchant.ok(merchant.collect(setup, ref, 'LRD'));
      expect(executed.exact).toMatchObject({ payer_amount: '19855.00', payee_amount: '100.00' });
      clock.advance(6_000);
      const receipt = await merchant.ok(merchant.get(`/v1/invoices/receipt/${setup.invoiceId}`));
      expect(receipt.exact).toMatchObject({
        payer_amount: '19855.00',
        fx_rate: '190',
        fx_currency_from: 'USD',
        fx_currency_to: 'LRD',
      });
    });
  });

  describe('refunds and transfers', () => {
    it('refunds a completed collection up to what was paid', async () => {
      const setup = await merchant.collectionSetup('231886123456', { amount: '40.00' });
      const collected = await merchant.ok(merchant.collect(setup));
      clock.advance(6_000);
      const expires = new Date(clock.ms + 600_000).toISOString();
      const intent = collected.body.payment_intent_id as number;
      const tooMuch = await merchant.post('/v1/sessions/refund', {
        original_payment_intent_id: intent,
        amount: 40.01,
        expires_at: expires,
      });
      expect(tooMuch.body.detail).toEqual([
        expect.objectContaining({
          loc: ['body', 'amount'],
          msg: 'amount exceeds the refundable amount',
        }),
      ]);
      const session = await merchant.ok(
        merchant.post('/v1/sessions/refund', {
          original_payment_intent_id: intent,
          amount: 15,
          expires_at: expires,
        }),
      );
      const ref = randomUUID();
      await merchant.ok(
        merchant.post('/v1/executions/refund', {
          session_id: String(session.body.id),
          reference_id: ref,
        }),
      );
      clock.advance(6_000);
      expect((await merchant.get(`/v1/status/refund/${ref}`)).body.status).toBe('COMPLETED');
      expect(await usdWallet()).toMatchObject({ balance: '1000025.00' });
    });

    it('transfers from the merchant wallet to a counterparty wallet', async () => {
      const { id } = await merchant.counterparty('231886123456', 'BENEFICIARY');
      const wallet = await usdWallet();
      const session = await merchant.ok(
        merchant.post('/v1/sessions/transfer', {
          from_wallet_id: wallet?.id,
          to_counterparty_id: id,
          amount: 20,
          currency: 'USD',
          expires_at: new Date(clock.ms + 60_000).toISOString(),
        }),
      );
      const ref = randomUUID();
      await merchant.ok(
        merchant.post('/v1/executions/transfer', {
          session_id: String(session.body.id),
          reference_id: ref,
        }),
      );
      clock.advance(6_000);
      const book = await ledger(sandbox);
      expect(book.executions[0]).toMatchObject({
        operation: 'TRANSFER',
        status: 'COMPLETED',
        effects: 1,
      });
      expect(book.wallets.find((w) => w.owner === 'COUNTERPARTY')).toMatchObject({
        counterparty_id: id,
        balance: '20.00',
      });
      expect(await usdWallet()).toMatchObject({ balance: '999979.95' });
    });

    it('refuses a transfer session whose expires_at is past', async () => {
      const { id } = await merchant.counterparty('231886123456', 'BENEFICIARY');
      const wallet = await usdWallet();
      const answer = await merchant.post('/v1/sessions/transfer', {
        from_wallet_id: wallet?.id,
        to_counterparty_id: id,
        amount: 20,
        currency: 'USD',
        expires_at: new Date(clock.ms - 1_000).toISOString(),
      });
      expect(answer.body.detail).toEqual([
        expect.objectContaining({
          loc: ['body', 'expires_at'],
          msg: 'expires_at must be in the future',
        }),
      ]);
    });
  });

  it('accepts the passcode user id instead of the phone, and can answer 403 to a bad passcode', async () => {
    const setup = await merchant.payoutSetup('231886123456', 10);
    const byUserId = { ...validPasscode(), token: { code: '123456', user_id: 1 } };
    expect((await merchant.ok(merchant.payout(setup, randomUUID(), byUserId))).body.status).toBe(
      'PENDING',
    );

    await sandbox.close();
    ({ sandbox, clock } = await startTestSandbox({ badPasscode: '403' }));
    merchant = await Merchant.login(sandbox);
    const strict = await merchant.payoutSetup('231886123456', 10);
    const answer = await merchant.payout(strict, randomUUID(), validPasscode('999999'));
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ detail: 'Invalid passcode' });
    expect((await ledger(sandbox)).executions).toEqual([]);
  });

  describe('deactivated payment accounts', () => {
    const deactivate = (id: number, body: unknown = {}) =>
      call(sandbox.url, 'POST', `/__sandbox/payment-accounts/${id}/deactivate`, { body });
    const accountsOf = async (partyId: number) =>
      (await call(sandbox.url, 'GET', `/__sandbox/payment-accounts?party_id=${partyId}`))
        .body as unknown as Array<Record<string, unknown>>;

    it('refuses sessions and executions on a deactivated account, and creates a new one instead of reusing it', async () => {
      const phone = '231886123456';
      const setup = await merchant.payoutSetup(phone, 100);
      const [account] = (await call(sandbox.url, 'GET', '/__sandbox/payment-accounts'))
        .body as unknown as Array<Record<string, unknown>>;
      expect(account).toMatchObject({ id: setup.accountId, is_active: true });

      const hook = await deactivate(setup.accountId);
      expect(hook.status).toBe(200);
      expect(hook.body).toMatchObject({
        id: setup.accountId,
        operation_type: 'PAYOUT',
        insensitive_account_number: phone,
        is_active: false,
      });
      expect((await deactivate(setup.accountId)).body.is_active).toBe(false);

      // The session opened before: its execution is refused on the account, and moves nothing.
      const refused = await merchant.payout(setup);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toEqual([
        {
          loc: ['body', 'payout_account_id'],
          msg: 'payment account is not active',
          type: 'value_error',
        },
      ]);
      const session = await merchant.post('/v1/sessions/payout', {
        payout_account_id: setup.accountId,
        amount: 100,
        currency: 'USD',
      });
      expect(session.status).toBe(422);
      expect(session.body.detail).toEqual([
        {
          loc: ['body', 'payout_account_id'],
          msg: 'payout account is not active',
          type: 'value_error',
        },
      ]);

      // The same party, number, method and operation: a new account, not the inactive one.
      const partyId = account?.party_id as number;
      const replacement = await merchant.ok(
        merchant.post('/v1/payment-accounts/create?operation_type=PAYOUT', {
          account_name: 'Payee wallet',
          provider: 'PAWAPAY',
          method: 'MTN_MOMO_LBR',
          party_id: partyId,
          insensitive_account_number: phone,
        }),
      );
      expect(replacement.body.id).not.toBe(setup.accountId);
      expect(replacement.body.is_active).toBe(true);
      expect((await accountsOf(partyId)).map((a) => [a.id, a.is_active])).toEqual([
        [setup.accountId, false],
        [replacement.body.id, true],
      ]);

      const fresh = await merchant.ok(
        merchant.post('/v1/sessions/payout', {
          payout_account_id: replacement.body.id,
          amount: 100,
          currency: 'USD',
        }),
      );
      const ref = randomUUID();
      await merchant.ok(
        merchant.payout(
          { sessionId: fresh.body.id as number, accountId: replacement.body.id as number },
          ref,
        ),
      );
      clock.advance(6_000);
      const book = await ledger(sandbox);
      expect(book.executions).toEqual([
        expect.objectContaining({
          reference_id: ref,
          session_id: fresh.body.id,
          payment_account_id: replacement.body.id,
          status: 'COMPLETED',
          effects: 1,
        }),
      ]);
    });

    it('refuses a collection on a deactivated account, and answers 404 for an unknown account', async () => {
      const setup = await merchant.collectionSetup('231886123457');
      expect((await deactivate(setup.accountId)).status).toBe(200);
      const refused = await merchant.collect(setup);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toEqual([
        {
          loc: ['body', 'payment_account_id'],
          msg: 'payment account is not active',
          type: 'value_error',
        },
      ]);
      expect((await ledger(sandbox)).executions).toEqual([]);
      expect((await deactivate(999_999)).status).toBe(404);
      expect(
        (await call(sandbox.url, 'GET', '/__sandbox/payment-accounts?party_id=x')).status,
      ).toBe(422);
    });
  });

  it('holds card collections for 3DS until the control hook settles them', async () => {
    const { partyId, id } = await merchant.counterparty('14155552671');
    const invoiceId = await merchant.publishedInvoice(id, '30.00');
    const session = await merchant.ok(
      merchant.post('/v1/sessions/checkout', { source_id: invoiceId, source_type: 'INVOICE' }),
    );
    const card = await merchant.ok(
      merchant.get(
        '/v1/predictions/card-provider-info?payment_method_id=pm_card_mastercard&operation_type=COLLECTION&provider=STRIPE',
      ),
    );
    expect(card.body).toMatchObject({
      brand: 'MASTERCARD',
      payment_method: 'CREDIT_CARD',
      gateway_provider: 'STRIPE',
    });
    const account = await merchant.ok(
      merchant.post('/v1/payment-accounts/create?operation_type=COLLECTION', {
        account_name: 'Customer Card',
        provider: 'STRIPE',
        method: 'CREDIT_CARD',
        party_id: partyId,
      }),
    );
    const ref = randomUUID();
    const answer = await merchant.ok(
      merchant.collect(
        { sessionId: session.body.id as number, accountId: account.body.id as number },
        ref,
      ),
    );
    expect(answer.body).toMatchObject({ status: 'PROCESSING', requires_action: true });
    expect(answer.body.client_secret).toMatch(/^pi_[0-9a-f]+_secret_[0-9a-f]+$/);
    clock.advance(600_000);
    expect((await merchant.get(`/v1/status/collection/${ref}`)).body.status).toBe('PROCESSING');
    await call(sandbox.url, 'POST', `/__sandbox/executions/${ref}/settle`, {
      body: { outcome: 'FAILED' },
    });
    expect((await merchant.get(`/v1/status/collection/${ref}`)).body).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Card declined',
      requires_action: false,
    });
    const source = await merchant.get(
      `/v1/status/source?source_type=INVOICE&source_id=${invoiceId}`,
    );
    expect(source.body.status).toBe('ACTIVE');
  });

  it('expires checkout sessions after the configured window', async () => {
    await sandbox.close();
    ({ sandbox, clock } = await startTestSandbox({ timing: { checkoutSessionTtlSeconds: 60 } }));
    merchant = await Merchant.login(sandbox);
    const setup = await merchant.collectionSetup('231886123456');
    clock.advance(60_000);
    const answer = await merchant.collect(setup);
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toEqual([
      { loc: ['body', 'session_id'], msg: 'session not found or expired', type: 'value_error' },
    ]);
  });
});
