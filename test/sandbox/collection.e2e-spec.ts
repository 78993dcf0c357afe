import { randomUUID } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox';
import { call, ledger, Merchant, startTestSandbox, type TestClock } from './sandbox-client';

describe('sandbox collections over HTTP', () => {
  let sandbox: RunningSandbox;
  let clock: TestClock;
  let merchant: Merchant;

  beforeEach(async () => {
    ({ sandbox, clock } = await startTestSandbox());
    merchant = await Merchant.login(sandbox);
  });

  afterEach(() => sandbox.close());

  it('moves PENDING -> PROCESSING -> COMPLETED with the clock and marks the invoice PAID', async () => {
    const setup = await merchant.collectionSetup('231886123456');
    const ref = randomUUID();
    const accepted = await merchant.ok(merchant.collect(setup, ref));
    expect(accepted.body).toMatchObject({
      reference_id: ref,
      status: 'PENDING',
      operation_type: 'COLLECTION',
    });
    expect(accepted.exact.payer_amount).toBe('257.50');
    expect(accepted.exact.payee_amount).toBe('250.00');

    const status = await merchant.get(
      `/v1/status/source?source_type=INVOICE&source_id=${setup.invoiceId}`,
    );
    expect(status.body.status).toBe('PROCESSING');

    clock.advance(1_000);
    expect((await merchant.get(`/v1/status/collection/${ref}`)).body.status).toBe('PROCESSING');
    clock.advance(5_000);
    const done = await merchant.get(`/v1/status/collection/${ref}`);
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      gateway_message: 'Transaction completed successfully',
    });

    const invoice = await merchant.get(`/v1/invoices/retrieve/${setup.invoiceId}`);
    expect(invoice.body.status).toBe('PAID');
    const receipt = await merchant.ok(merchant.get(`/v1/invoices/receipt/${setup.invoiceId}`));
    expect(receipt.exact).toMatchObject({
      payer_amount: '257.50',
      payee_amount: '250.00',
      fx_rate: '1',
      platform_fee: '2.50',
      gateway_fee: '5.00',
      fx_fee: '0.00',
      reference_id: ref,
    });
    const book = await ledger(sandbox);
    expect(book.executions).toEqual([
      expect.objectContaining({
        reference_id: ref,
        status: 'COMPLETED',
        requests: 1,
        effects: 1,
        amount: '257.50',
        phone: '231886123456',
      }),
    ]);
  });

  it('answers 401 without a token', async () => {
    const answer = await call(sandbox.url, 'GET', '/v1/parties/list');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ detail: 'Not authenticated' });
  });
});
