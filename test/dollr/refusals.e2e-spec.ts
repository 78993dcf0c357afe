import { DollrInvalidRequestError, DollrValidationError, type InvoiceItem } from '../../src/dollr';
import {
  collect,
  collectionSetup,
  type Harness,
  merchantBalance,
  newReference,
  partyWithAccount,
  payout,
  payoutSetup,
  PHONES,
  publishedInvoice,
  rejectionOf,
  startHarness,
} from './dollr-sandbox';

async function validationError(promise: Promise<unknown>): Promise<DollrValidationError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DollrValidationError);
  const validation = error as DollrValidationError;
  expect(validation.status).toBe(422);
  return validation;
}

describe('Dollr client against the sandbox: refusals', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  describe('422 mapping', () => {
    it('names every bad body field in the message and in fields', async () => {
      const client = h.client();

      const error = await validationError(
        client.createParty({ fullname: 'Amara', phone: '+231886123456', country_code: 'LR' }),
      );

      expect(error.fields).toEqual(['body.phone']);
      expect(error.message).toMatch(/^Dollr rejected parties\.create \(422\): body\.phone: .+/);
      expect(error.detail).toHaveLength(1);
      expect(error.detail[0].loc).toEqual(['body', 'phone']);
      expect(await client.listParties()).toEqual([]);
    });

    it('reports several bad fields at once (currency and amount of a payout session)', async () => {
      const client = h.client();
      const { accountId } = await partyWithAccount(client, PHONES.completes, 'PAYOUT');

      const error = await validationError(
        client.createPayoutSession({
          payout_account_id: accountId,
          amount: '0',
          currency: 'usd' as 'USD',
        }),
      );

      expect(error.fields).toEqual(expect.arrayContaining(['body.currency', 'body.amount']));
      expect(error.message).toContain('body.currency');
      expect(error.message).toContain('body.amount');
    });

    it('names query parameters as query.<name>', async () => {
      const client = h.client();

      const error = await validationError(
        client.predictMmoProvider({ phone: '231000', operation_type: 'COLLECTION' }),
      );

      expect(error.fields).toEqual(['query.phone']);
    });

    it('refuses a reference_id reused with a different payload, and moves nothing', async () => {
      const client = h.client();
      const first = await collectionSetup(client);
      const second = await collectionSetup(client, PHONES.completes, '10.00');
      const ref = newReference();
      await collect(client, first, ref);

      const error = await validationError(collect(client, second, ref));

      expect(error.fields).toEqual(['body.reference_id']);
      expect(error.message).toMatch(/already exists/);
      await h.advanceSandboxClock('10s');
      const { executions } = await h.ledger();
      expect(executions).toEqual([
        expect.objectContaining({
          reference_id: ref,
          amount: '257.50',
          requests: 2,
          effects: 1,
        }),
      ]);
    });
  });

  describe('payout passcode', () => {
    it('refuses a payout before sending it when the client has no payout credentials', async () => {
      const client = h.client({ payout: undefined });
      const setup = await payoutSetup(client);
      const before = await h.ledger();

      const error = await rejectionOf(payout(client, setup, newReference()));

      expect(error).toBeInstanceOf(DollrInvalidRequestError);
      expect((error as Error).message).toMatch(/^Not sent to Dollr: executions\.payout needs the/);
      expect((error as Error).message).toContain('DOLLR_PAYOUT_PASSCODE');
      expect(h.wire.to('/v1/executions/payout')).toEqual([]);
      const after = await h.ledger();
      expect(after.executions).toEqual([]);
      expect(merchantBalance(after, 'USD')).toBe(merchantBalance(before, 'USD'));
    });

    it('refuses a payout before sending it when the passcode has no phone or user id', async () => {
      const client = h.client({ payout: { passcode: h.sandbox.passcode } });
      const setup = await payoutSetup(client);

      await expect(payout(client, setup, newReference())).rejects.toBeInstanceOf(
        DollrInvalidRequestError,
      );
      expect(h.wire.to('/v1/executions/payout')).toEqual([]);
    });

    it('a wrong passcode is sent, fails the payout at once, and moves nothing', async () => {
      const client = h.client({ payout: { passcode: '000000', phone: '231770000001' } });
      const setup = await payoutSetup(client);
      const before = await h.ledger();
      const ref = newReference();

      const execution = await payout(client, setup, ref);

      expect(execution).toMatchObject({
        reference_id: ref,
        status: 'FAILED',
        gateway_message: 'Invalid passcode',
      });
      // The passcode itself never appears in what the client returns.
      expect(JSON.stringify(execution)).not.toContain('000000');
      await h.advanceSandboxClock('10s');
      const after = await h.ledger();
      expect(after.executions).toEqual([
        expect.objectContaining({ reference_id: ref, status: 'FAILED', effects: 0 }),
      ]);
      expect(merchantBalance(after, 'USD')).toBe(merchantBalance(before, 'USD'));
    });
  });

  it('refuses a payout whose session has expired (422 naming session_id), and moves nothing', async () => {
    const client = h.client();
    const setup = await payoutSetup(client);
    const before = await h.ledger();
    // Payout sessions last 15 minutes on the sandbox clock.
    await h.advanceSandboxClock('16m');

    const error = await validationError(payout(client, setup, newReference()));

    expect(error.fields).toEqual(['body.session_id']);
    expect(error.message).toMatch(/body\.session_id: session not found or expired/);
    const after = await h.ledger();
    expect(after.executions).toEqual([]);
    expect(merchantBalance(after, 'USD')).toBe(merchantBalance(before, 'USD'));
  });

  describe('invoice state refusals', () => {
    it('refuses to add, change or remove items once the invoice is published', async () => {
      const client = h.client();
      const { counterpartyId } = await partyWithAccount(client, PHONES.completes, 'COLLECTION');
      const invoiceId = await publishedInvoice(client, counterpartyId);
      const [item] = (await client.retrieveInvoice(invoiceId)).invoice_items as InvoiceItem[];

      const added = await validationError(
        client.addInvoiceItem(invoiceId, {
          name: 'Extra',
          currency: 'USD',
          qty: 1,
          amount: '5.00',
        }),
      );
      const changed = await validationError(
        client.updateInvoiceItem(invoiceId, item.id, { qty: 3 }),
      );
      const removed = await validationError(client.removeInvoiceItem(invoiceId, item.id));

      for (const error of [added, changed, removed]) {
        expect(error.fields).toEqual(['path.invoice_id']);
        expect(error.message).toContain('ACTIVE');
      }
      const invoice = await client.retrieveInvoice(invoiceId);
      expect(invoice).toMatchObject({ status: 'ACTIVE', total_amount: '250.00' });
      expect(invoice.invoice_items).toHaveLength(1);
    });

    it('refuses to cancel an invoice while a payment is PROCESSING', async () => {
      const client = h.client();
      const setup = await collectionSetup(client, PHONES.staysProcessing);
      await collect(client, setup, newReference());
      await h.advanceSandboxClock('2s');
      const source = { source_type: 'INVOICE', source_id: setup.invoiceId } as const;
      expect(await client.sourceStatus(source)).toMatchObject({ status: 'PROCESSING' });

      const error = await validationError(client.cancelInvoice(setup.invoiceId));

      expect(error.fields).toEqual(['path.invoice_id']);
      expect(error.message).toMatch(/PROCESSING/);
      expect(await client.sourceStatus(source)).toMatchObject({ status: 'PROCESSING' });
    });

    it('refuses a receipt before the invoice is PAID', async () => {
      const client = h.client();
      const { counterpartyId } = await partyWithAccount(client, PHONES.completes, 'COLLECTION');
      const invoiceId = await publishedInvoice(client, counterpartyId);

      const error = await validationError(client.retrieveInvoiceReceipt(invoiceId));

      expect(error.fields).toEqual(['path.invoice_id']);
      expect(error.message).toMatch(/ACTIVE/);
    });

    it('refuses a checkout session for an unpublished or canceled invoice', async () => {
      const client = h.client();
      const { counterpartyId } = await partyWithAccount(client, PHONES.completes, 'COLLECTION');
      const idle = await client.createInvoice({
        counterparty_id: counterpartyId,
        currency: 'USD',
        fee_bearer: 'PAYER',
        as_payment_link: false,
      });
      const canceled = await publishedInvoice(client, counterpartyId);
      expect(await client.cancelInvoice(canceled)).toMatchObject({ status: 'CANCELED' });

      for (const sourceId of [idle.id, canceled]) {
        const error = await validationError(
          client.createCheckoutSession({ source_id: sourceId, source_type: 'INVOICE' }),
        );
        expect(error.fields).toEqual(['body.source_id']);
      }
    });
  });
});
