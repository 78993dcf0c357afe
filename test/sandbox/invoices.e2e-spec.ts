import { randomUUID } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox';
import { call, Merchant, startTestSandbox, type TestClock } from './sandbox-client';

describe('sandbox invoices and orders', () => {
  let sandbox: RunningSandbox;
  let clock: TestClock;
  let merchant: Merchant;

  beforeEach(async () => {
    ({ sandbox, clock } = await startTestSandbox());
    merchant = await Merchant.login(sandbox);
  });

  afterEach(() => sandbox.close());

  it('creates IDLE invoices numbered like the docs, retrievable by id and number', async () => {
    const { id } = await merchant.counterparty('231886123456');
    const first = await merchant.ok(
      merchant.post('/v1/invoices/create', { counterparty_id: id, currency: 'USD' }),
    );
    const second = await merchant.ok(
      merchant.post('/v1/orders/create', { counterparty_id: id, currency: 'USD' }),
    );
    expect(first.body).toMatchObject({
      status: 'IDLE',
      invoice_number: 'INV-2025-0001',
      fee_bearer: 'PAYER',
    });
    expect(second.body).toMatchObject({
      status: 'IDLE',
      order_number: 'ORD-2025-0001',
      order_items: [],
    });
    const byNumber = await merchant.ok(merchant.get('/v1/invoices/retrieve/number/INV-2025-0001'));
    expect(byNumber.body.id).toBe(first.body.id);
    expect(byNumber.body.counterparty).toMatchObject({ id, party: { phone: '231886123456' } });
    expect((await merchant.get(`/v1/orders/retrieve/${first.body.id as number}`)).status).toBe(404);
  });

  it('edits only while IDLE and refuses everything but cancel once published', async () => {
    const { id } = await merchant.counterparty('231886123456');
    const invoice = await merchant.ok(
      merchant.post('/v1/invoices/create', { counterparty_id: id, currency: 'USD' }),
    );
    const invoiceId = invoice.body.id as number;
    const item = await merchant.ok(
      merchant.post(`/v1/invoices/${invoiceId}/items/add`, {
        name: 'A',
        currency: 'USD',
        qty: 1,
        amount: 100,
      }),
    );
    const itemId = item.body.id as number;
    await merchant.ok(
      merchant.put(`/v1/invoices/${invoiceId}/items/${itemId}/update`, { qty: 2, amount: 200.5 }),
    );
    expect((await merchant.get(`/v1/invoices/retrieve/${invoiceId}`)).exact.total_amount).toBe(
      '401.00',
    );
    await merchant.ok(
      merchant.put(`/v1/invoices/update/${invoiceId}`, { note: 'Consulting', fee_bearer: 'PAYEE' }),
    );

    const published = await merchant.ok(merchant.put(`/v1/invoices/publish/${invoiceId}`));
    expect(published.body.status).toBe('ACTIVE');

    const refusals = await Promise.all([
      merchant.put(`/v1/invoices/update/${invoiceId}`, { note: 'late' }),
      merchant.post(`/v1/invoices/${invoiceId}/items/add`, {
        name: 'B',
        currency: 'USD',
        qty: 1,
        amount: 1,
      }),
      merchant.put(`/v1/invoices/${invoiceId}/items/${itemId}/update`, { qty: 3 }),
      merchant.delete(`/v1/invoices/${invoiceId}/items/${itemId}/remove`),
      merchant.put(`/v1/invoices/publish/${invoiceId}`),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
    expect(refusals[0].body.detail).toEqual([
      {
        loc: ['path', 'invoice_id'],
        msg: 'invoice is ACTIVE: it can only be edited while IDLE',
        type: 'value_error',
      },
    ]);

    const canceled = await merchant.ok(merchant.delete(`/v1/invoices/cancel/${invoiceId}`));
    expect(canceled.body.status).toBe('CANCELED');
    expect((await merchant.delete(`/v1/invoices/cancel/${invoiceId}`)).status).toBe(422);
    const session = await merchant.post('/v1/sessions/checkout', {
      source_id: invoiceId,
      source_type: 'INVOICE',
    });
    expect(session.status).toBe(422);
    expect(session.body.detail).toEqual([
      expect.objectContaining({
        loc: ['body', 'source_id'],
        msg: 'invoice is CANCELED: it must be ACTIVE to be paid',
      }),
    ]);
  });

  it('refuses to publish an invoice without items', async () => {
    const { id } = await merchant.counterparty('231886123456');
    const invoice = await merchant.ok(
      merchant.post('/v1/invoices/create', { counterparty_id: id, currency: 'USD' }),
    );
    expect((await merchant.put(`/v1/invoices/publish/${invoice.body.id as number}`)).status).toBe(
      422,
    );
  });

  it('refuses a checkout session on an unpublished invoice', async () => {
    const { id } = await merchant.counterparty('231886123456');
    const invoice = await merchant.ok(
      merchant.post('/v1/invoices/create', { counterparty_id: id, currency: 'USD' }),
    );
    const session = await merchant.post('/v1/sessions/checkout', {
      source_id: invoice.body.id,
      source_type: 'INVOICE',
    });
    expect(session.status).toBe(422);
    expect(session.body.detail).toEqual([
      expect.objectContaining({ msg: 'invoice is IDLE: it must be ACTIVE to be paid' }),
    ]);
  });

  it('refuses cancel while PROCESSING, and receipts before PAID', async () => {
    const setup = await merchant.collectionSetup('231886123456');
    await merchant.ok(merchant.collect(setup));
    const cancel = await merchant.delete(`/v1/invoices/cancel/${setup.invoiceId}`);
    expect(cancel.status).toBe(422);
    expect(cancel.body.detail).toEqual([
      expect.objectContaining({
        msg: 'invoice is PROCESSING: it can only be canceled while IDLE or ACTIVE',
      }),
    ]);
    expect((await merchant.get(`/v1/invoices/receipt/${setup.invoiceId}`)).status).toBe(422);
    const number = (await merchant.get(`/v1/invoices/retrieve/${setup.invoiceId}`)).body
      .invoice_number as string;
    expect(
      (await merchant.get(`/v1/links/receipt?source_type=INVOICE&source_number=${number}`)).status,
    ).toBe(422);
    expect(
      (await merchant.get(`/v1/links/pay?source_type=INVOICE&source_number=${number}`)).status,
    ).toBe(200);

    clock.advance(6_000);
    expect((await merchant.get(`/v1/invoices/receipt/number/${number}`)).status).toBe(200);
    const link = await merchant.ok(
      merchant.get(`/v1/links/receipt?source_type=INVOICE&source_number=${number}`),
    );
    expect(link.body.url).toBe(`${sandbox.url}/hosted/receipt/${number}`);
    expect((await merchant.delete(`/v1/invoices/cancel/${setup.invoiceId}`)).status).toBe(422);
  });

  it("returns a failed collection's invoice to ACTIVE so it can be paid again", async () => {
    const setup = await merchant.collectionSetup('231886123901');
    const ref = randomUUID();
    await merchant.ok(merchant.collect(setup, ref));
    clock.advance(6_000);
    expect((await merchant.get(`/v1/status/collection/${ref}`)).body).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Payer declined the transaction',
    });
    const source = await merchant.get(
      `/v1/status/source?source_type=INVOICE&source_id=${setup.invoiceId}`,
    );
    expect(source.body.status).toBe('ACTIVE');
  });

  it('scopes data per credential pair', async () => {
    await sandbox.close();
    ({ sandbox, clock } = await startTestSandbox({
      credentials: [
        { clientId: 'acme', clientSecret: 'a' },
        { clientId: 'globex', clientSecret: 'g' },
      ],
    }));
    const acme = await Merchant.login(sandbox, 'acme', 'a');
    const globex = await Merchant.login(sandbox, 'globex', 'g');
    const { partyId, id } = await acme.counterparty('231886123456');
    const invoiceId = await acme.publishedInvoice(id);
    expect((await globex.get(`/v1/parties/retrieve/${partyId}`)).status).toBe(404);
    expect((await globex.get(`/v1/invoices/retrieve/${invoiceId}`)).status).toBe(404);
    expect((await globex.get('/v1/parties/list')).body).toEqual([]);
    const mismatch = await globex.post('/v1/counterparties/create', {
      relationship_type: 'CUSTOMER',
      party_id: partyId,
    });
    expect(mismatch.body.detail).toEqual([
      expect.objectContaining({ loc: ['body', 'party_id'], msg: 'party / counterparty mismatch' }),
    ]);
    const session = await globex.post('/v1/sessions/checkout', {
      source_id: invoiceId,
      source_type: 'INVOICE',
    });
    expect(session.status).toBe(422);
  });

  it('creates an ACTIVE source with its party through checkouts/create and settles it by hook', async () => {
    const checkout = await merchant.ok(
      merchant.post('/v1/checkouts/create', {
        mode: 'HOSTED',
        source_kind: 'ORDER',
        party_phone: '231770123457',
        party_name: 'Musu Doe',
        currency: 'USD',
        items: [{ name: 'T-Shirt', currency: 'USD', amount: 25.0, qty: 2 }],
        success_url: 'https://shop.example/ok',
      }),
    );
    expect(checkout.body).toMatchObject({
      source_type: 'ORDER',
      source_number: 'ORD-2025-0001',
      success_url: 'https://shop.example/ok',
    });
    expect(checkout.body.url).toMatch(new RegExp(`^${sandbox.url}/hosted/checkout/`));
    const sourceId = checkout.body.source_id as number;
    const statusPath = `/v1/status/source?source_type=ORDER&source_id=${sourceId}`;
    expect((await merchant.get(statusPath)).body).toMatchObject({
      status: 'ACTIVE',
      total_amount: 50,
    });

    const again = await merchant.ok(
      merchant.post('/v1/checkouts/create', {
        source_kind: 'INVOICE',
        party_phone: '231770123457',
        currency: 'USD',
        items: [{ name: 'Cap', currency: 'USD', amount: 10 }],
      }),
    );
    expect(again.body.party_id).toBe(checkout.body.party_id);

    const settle = (outcome: string) =>
      call(sandbox.url, 'POST', `/__sandbox/sources/${sourceId}/settle`, { body: { outcome } });
    expect((await settle('PROCESSING')).body.status).toBe('PROCESSING');
    expect((await merchant.delete(`/v1/orders/cancel/${sourceId}`)).status).toBe(422);
    expect((await settle('FAILED')).body.status).toBe('ACTIVE');
    expect((await settle('PAID')).body.status).toBe('PAID');
    expect((await merchant.get(statusPath)).body.status).toBe('PAID');
    const receipt = await merchant.ok(merchant.get(`/v1/orders/receipt/${sourceId}`));
    expect(receipt.exact).toMatchObject({
      payee_amount: '50.00',
      payer_amount: '51.50',
      reference_id: null,
    });
    expect((await settle('PAID')).status).toBe(409);
  });
});
