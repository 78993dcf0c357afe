import Decimal from 'decimal.js';
import { mmoRouting } from '../../src/dollr';
import {
  collect,
  collectionSetup,
  type Harness,
  merchantBalance,
  newReference,
  payout,
  payoutSetup,
  PHONES,
  startHarness,
} from './dollr-sandbox';

const minus = (a: string, b: string): string => new Decimal(a).minus(b).toFixed(2);

describe('Dollr client against the sandbox: money flows and the ledger', () => {
  let h: Harness;

  beforeAll(async () => {
    // Roomy PENDING/PROCESSING windows, so a slow machine cannot skip a state between polls.
    h = await startHarness({ timing: { pendingMs: 1_000, processingMs: 5_000 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('replays an execution sent twice with the same reference_id: one payment', async () => {
    const client = h.client();
    const setup = await payoutSetup(client);
    const before = await h.ledger();
    const ref = newReference();

    const first = await payout(client, setup, ref);
    const replay = await payout(client, setup, ref);

    expect(first).toMatchObject({ reference_id: ref, status: 'PENDING', operation_type: 'PAYOUT' });
    expect(replay).toMatchObject({ reference_id: ref, operation_type: 'PAYOUT' });
    expect(replay.payment_intent_id).toBe(first.payment_intent_id);
    await h.advanceSandboxClock('10s');
    // A replay after completion answers the settled state and still pays nothing more.
    expect(await payout(client, setup, ref)).toMatchObject({ status: 'COMPLETED' });
    const after = await h.ledger();
    expect(after.executions).toEqual([
      expect.objectContaining({ reference_id: ref, status: 'COMPLETED', requests: 3, effects: 1 }),
    ]);
    expect(minus(merchantBalance(before, 'USD'), merchantBalance(after, 'USD'))).toBe('102.00');
    expect(h.wire.to('/v1/executions/payout')).toHaveLength(3);
  });

  describe('ledger counts', () => {
    it('a completed collection has effects 1 and credits the merchant wallet', async () => {
      const client = h.client();
      const setup = await collectionSetup(client, PHONES.completes, '250.00');
      const before = await h.ledger();
      const ref = newReference();

      await collect(client, setup, ref);
      await h.advanceSandboxClock('10s');

      expect(await client.executionStatus('COLLECTION', ref)).toMatchObject({
        status: 'COMPLETED',
        gateway_message: 'Transaction completed successfully',
      });
      const after = await h.ledger();
      expect(after.executions).toEqual([
        expect.objectContaining({
          reference_id: ref,
          status: 'COMPLETED',
          requests: 1,
          effects: 1,
        }),
      ]);
      expect(minus(merchantBalance(after, 'USD'), merchantBalance(before, 'USD'))).toBe('250.00');
    });

    it.each([
      ['231886123901', 'Payer declined the transaction'],
      ['231770123902', 'Insufficient funds in payer account'],
      ['231886123903', 'Mobile network operator error'],
    ])(
      'a failed collection (%s) has effects 0, moves nothing and leaves the invoice payable',
      async (phone, gatewayMessage) => {
        const client = h.client();
        const setup = await collectionSetup(client, phone);
        const before = await h.ledger();
        const ref = newReference();

        await collect(client, setup, ref);
        await h.advanceSandboxClock('10s');

        expect(await client.executionStatus('COLLECTION', ref)).toMatchObject({
          status: 'FAILED',
          gateway_message: gatewayMessage,
        });
        const after = await h.ledger();
        expect(after.executions).toEqual([
          expect.objectContaining({ reference_id: ref, status: 'FAILED', requests: 1, effects: 0 }),
        ]);
        expect(after.wallets).toEqual(before.wallets);
        expect(
          await client.sourceStatus({ source_type: 'INVOICE', source_id: setup.invoiceId }),
        ).toMatchObject({ status: 'ACTIVE' });
      },
    );

    it('a payout the merchant wallet cannot cover fails at once with effects 0', async () => {
      const client = h.client();
      await h.control('PUT', '/wallets', { currency: 'USD', balance: '101.99' });
      const setup = await payoutSetup(client, PHONES.completes, '100.00');
      const ref = newReference();

      const execution = await payout(client, setup, ref);

      expect(execution).toMatchObject({
        status: 'FAILED',
        gateway_message: 'Insufficient merchant wallet balance',
      });
      const after = await h.ledger();
      expect(after.executions).toEqual([
        expect.objectContaining({ reference_id: ref, status: 'FAILED', effects: 0 }),
      ]);
      expect(merchantBalance(after, 'USD')).toBe('101.99');
    });
  });

  it('runs a full payout: party, counterparty, account, session, execution, COMPLETED', async () => {
    const client = h.client();
    const phone = '231886555123';
    const party = await client.createParty({ fullname: 'Musu Doe', phone, country_code: 'LR' });
    const counterparty = await client.createCounterparty({
      relationship_type: 'BENEFICIARY',
      party_id: party.id,
    });
    expect(await client.retrieveCounterparty(counterparty.id)).toMatchObject({
      id: counterparty.id,
      party: { id: party.id, phone },
    });
    const routing = mmoRouting(
      await client.predictMmoProvider({ phone, operation_type: 'PAYOUT' }),
    );
    expect(routing).toEqual({ method: 'MTN_MOMO_LBR', provider: 'PAWAPAY' });
    const account = await client.createPaymentAccount('PAYOUT', {
      account_name: 'Musu MTN wallet',
      provider: routing.provider,
      method: routing.method,
      party_id: party.id,
      country_code: 'LR',
      insensitive_account_number: phone,
    });
    expect(account.is_active).toBe(true);
    const prediction = await client.predictAmountAndFees({
      base_amount: '100.00',
      base_currency: 'USD',
      target_currency: 'USD',
      payment_method: routing.method,
      operation_type: 'PAYOUT',
      provider: routing.provider,
      fee_bearer: 'PAYER',
    });
    const session = await client.createPayoutSession({
      payout_account_id: account.id,
      amount: '100.00',
      currency: 'USD',
    });
    // The sandbox's payout window is 15 minutes.
    expect(Date.parse(session.expires_at ?? '') - h.sandbox.now()).toBeGreaterThan(14 * 60_000);
    expect(Number.isInteger(session.wallet_id)).toBe(true);
    const before = await h.ledger();
    const ref = newReference();

    const accepted = await client.executePayout({
      session_id: session.id,
      payout_account_id: account.id,
      reference_id: ref,
    });
    expect(accepted).toMatchObject({ reference_id: ref, status: 'PENDING' });
    await h.advanceSandboxClock('2s');
    expect(await client.executionStatus('PAYOUT', ref)).toMatchObject({ status: 'PROCESSING' });
    await h.advanceSandboxClock('10s');
    const done = await client.executionStatus('PAYOUT', ref);

    expect(done).toMatchObject({
      reference_id: ref,
      status: 'COMPLETED',
      operation_type: 'PAYOUT',
      payer_amount: prediction.payer_amount,
      payee_amount: '100.00',
    });
    expect(prediction).toMatchObject({ payer_amount: '102.00', payee_amount: '100.00' });
    const after = await h.ledger();
    expect(after.executions).toEqual([
      expect.objectContaining({
        reference_id: ref,
        operation: 'PAYOUT',
        amount: '100.00',
        phone,
        status: 'COMPLETED',
        requests: 1,
        effects: 1,
      }),
    ]);
    const wallet = after.wallets.find((w) => w.id === session.wallet_id);
    const walletBefore = before.wallets.find((w) => w.id === session.wallet_id);
    expect(wallet?.currency).toBe('USD');
    expect(minus(walletBefore?.balance ?? '0', wallet?.balance ?? '0')).toBe(
      prediction.payer_amount,
    );
  });

  it('runs a full invoice collection paid in LRD, with a receipt matching the prediction', async () => {
    const client = h.client();
    const phone = '231555123456';
    const party = await client.createParty({ fullname: 'Amara Kamara', phone });
    const counterparty = await client.createCounterparty({
      relationship_type: 'CUSTOMER',
      party_id: party.id,
    });
    const created = await client.createInvoice({
      counterparty_id: counterparty.id,
      currency: 'USD',
      fee_bearer: 'PAYER',
      as_payment_link: false,
      note: 'Consulting services',
    });
    expect(created).toMatchObject({ status: 'IDLE' });
    const workshop = await client.addInvoiceItem(created.id, {
      name: 'Workshop',
      currency: 'USD',
      qty: 1,
      amount: '30.00',
    });
    await client.addInvoiceItem(created.id, {
      name: 'Report',
      currency: 'USD',
      qty: 1,
      amount: '40.00',
    });
    await client.updateInvoiceItem(created.id, workshop.id, { qty: 2 });
    const published = await client.publishInvoice(created.id);
    expect(published).toMatchObject({ status: 'ACTIVE', total_amount: '100.00' });
    const number = published.invoice_number as string;
    expect(number).toMatch(/^INV-\d{4}-\d{4,}$/);
    expect(await client.retrieveInvoiceByNumber(number)).toMatchObject({ id: created.id });

    const routing = mmoRouting(
      await client.predictMmoProvider({ phone, operation_type: 'COLLECTION' }),
    );
    const prediction = await client.predictAmountAndFees({
      base_amount: '100.00',
      base_currency: 'USD',
      target_currency: 'LRD',
      payment_method: routing.method,
      operation_type: 'COLLECTION',
      provider: routing.provider,
      fee_bearer: 'PAYER',
    });
    expect(prediction).toMatchObject({
      payer_amount: '19855.00',
      payer_currency: 'LRD',
      payee_amount: '100.00',
      payee_currency: 'USD',
      platform_fee: '190.00',
      gateway_fee: '380.00',
      fx_fee: '285.00',
    });
    const sourcePrediction = await client.predictPaymentSourceAmountAndFees({
      source_type: 'INVOICE',
      source_id: created.id,
      target_currency: 'LRD',
      payment_method: routing.method,
      provider: routing.provider,
    });
    expect(sourcePrediction).toMatchObject({
      payer_amount: prediction.payer_amount,
      payee_amount: prediction.payee_amount,
    });

    const session = await client.createCheckoutSession({
      source_id: created.id,
      source_type: 'INVOICE',
    });
    const account = await client.createPaymentAccount('COLLECTION', {
      account_name: 'Amara MTN wallet',
      provider: routing.provider,
      method: routing.method,
      party_id: party.id,
      country_code: 'LR',
      insensitive_account_number: phone,
    });
    const before = await h.ledger();
    const ref = newReference();
    const accepted = await client.executeCollection({
      session_id: session.id,
      payment_account_id: account.id,
      currency: 'LRD',
      reference_id: ref,
    });
    expect(accepted).toMatchObject({ reference_id: ref, status: 'PENDING' });
    const source = { source_type: 'INVOICE', source_id: created.id } as const;
    expect(await client.sourceStatus(source)).toMatchObject({ status: 'PROCESSING' });

    await h.advanceSandboxClock('10s');
    expect(await client.executionStatus('COLLECTION', ref)).toMatchObject({
      status: 'COMPLETED',
      operation_type: 'COLLECTION',
      payer_amount: prediction.payer_amount,
      payee_amount: prediction.payee_amount,
    });
    expect(await client.sourceStatus(source)).toMatchObject({ status: 'PAID' });

    const receipt = await client.retrieveInvoiceReceipt(created.id);
    expect(receipt).toMatchObject({
      payer_amount: prediction.payer_amount,
      payee_amount: prediction.payee_amount,
      platform_fee: prediction.platform_fee,
      gateway_fee: prediction.gateway_fee,
      fx_fee: prediction.fx_fee,
      fx_rate: '190',
      fx_currency_from: 'USD',
      fx_currency_to: 'LRD',
    });
    expect(await client.retrieveInvoiceReceiptByNumber(number)).toEqual(receipt);

    const after = await h.ledger();
    expect(after.executions).toEqual([
      expect.objectContaining({ reference_id: ref, status: 'COMPLETED', requests: 1, effects: 1 }),
    ]);
    expect(minus(merchantBalance(after, 'USD'), merchantBalance(before, 'USD'))).toBe('100.00');
    expect(merchantBalance(after, 'LRD')).toBe(merchantBalance(before, 'LRD'));
  });
});
