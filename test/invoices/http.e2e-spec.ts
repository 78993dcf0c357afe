import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { type BatchJson, ledger } from '../batches/payout-support';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

interface InvoiceJson {
  invoiceNumber: string;
  collection: string;
  status: string | null;
  paymentStatus: string;
  paymentLink: string | null;
  dollrNumber: string | null;
  amount: string;
}

/** Invoice batches over HTTP: the import answers with the batch, the worker collects it. */
describe('invoice batches over HTTP (service with its background worker)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: RunningService;
  let maker: TestApiKey;
  let checker: TestApiKey;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 200 } });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'alice', 'maker');
    checker = await createApiKey({ DATABASE_URL: db.url }, 'bob', 'checker');
    service = await startService({
      DATABASE_URL: db.url,
      DOLLR_BASE_URL: sandbox.url,
      DOLLR_CLIENT_ID: sandbox.clientId,
      DOLLR_CLIENT_SECRET: sandbox.clientSecret,
      DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
      DOLLR_PAYOUT_PHONE: '231770000001',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await sandbox?.close();
    await db?.drop();
  });

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    as: TestApiKey = maker,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: {
        ...bearer(as),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function upload(csv: string, type: string): Promise<{ batchId: number | null }> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'invoices.csv');
    form.append('type', type);
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      headers: bearer(maker),
      body: form,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { batchId: number | null };
  }

  /** The batch once `done` holds for it. */
  function batchOnce(batchId: number, done: (b: BatchJson) => boolean): Promise<BatchJson> {
    return until(
      `batch ${batchId} to reach the expected state`,
      async () => {
        const { body } = await call<BatchJson>('GET', `/batches/${batchId}`);
        return done(body) ? body : undefined;
      },
      60_000,
    );
  }

  it('answers the import with its invoice batch, collects it, and lists its invoices with their links', async () => {
    const { batchId } = await upload(
      [
        'Invoice No,Customer ID,Customer Name,Phone,Item,Qty,Unit Price,Currency',
        'H-1,C-1,Monrovia Bakery,0886 501 456,Bread,3,2.50,USD',
        'H-1,C-1,Monrovia Bakery,0886 501 456,Cake,1,12.00,USD',
        'H-2,C-2,Dukuly Hotel,0330 501 457,Rooms,2,40.00,USD',
      ].join('\n'),
      'receivables',
    );
    expect(batchId).toEqual(expect.any(Number));
    const id = batchId as number;
    expect(await call('POST', `/batches/${id}/preflight`)).toMatchObject({
      status: 200,
      body: { status: 'AWAITING_APPROVAL', kind: 'INVOICE' },
    });
    expect(await call('POST', `/batches/${id}/approve`, undefined, checker)).toMatchObject({
      status: 200,
      body: { status: 'APPROVED' },
    });
    expect((await call<BatchJson>('POST', `/batches/${id}/run`)).status).toBe(200);

    const done = await batchOnce(id, (b) => b.status === 'COMPLETED');
    expect(done).toMatchObject({
      status: 'COMPLETED',
      counts: { PENDING: 0, PROCESSING: 0, COMPLETED: 1, FAILED: 0, AWAITING_PAYMENT: 1 },
      totals: [{ currency: 'USD', requested: '99.50', completed: '19.50', failed: '0.00' }],
    });
    // The invoice's own status is read from Dollr just after its collection completes.
    const invoices = await until('invoice H-1 to be PAID', async () => {
      const answer = await call<InvoiceJson[]>('GET', `/batches/${id}/invoices`);
      return answer.body.find((i) => i.invoiceNumber === 'H-1')?.status === 'PAID'
        ? answer
        : undefined;
    });
    expect(invoices.status).toBe(200);
    expect(invoices.body).toEqual([
      expect.objectContaining({
        invoiceNumber: 'H-1',
        amount: '19.50',
        collection: 'MOBILE_MONEY',
        status: 'PAID',
        paymentStatus: 'COMPLETED',
        dollrNumber: expect.stringMatching(/^INV-/) as unknown,
      }),
      expect.objectContaining({
        invoiceNumber: 'H-2',
        collection: 'PAYMENT_LINK',
        status: 'ACTIVE',
        paymentStatus: 'AWAITING_PAYMENT',
        paymentLink: expect.stringContaining('http') as unknown,
      }),
    ]);
    const collections = (await ledger(sandbox)).filter((e) => e.operation === 'COLLECTION');
    expect(collections).toEqual([expect.objectContaining({ phone: '231886501456', effects: 1 })]);
  });

  it('refuses to list invoices of a payout batch', async () => {
    const { batchId } = await upload(
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'H9,Amara Kamara,0886 509 456,40.00,USD,2026-10',
      ].join('\n'),
      'payables',
    );
    expect(await call('GET', `/batches/${batchId}/invoices`)).toMatchObject({
      status: 409,
      body: { error: { code: 'NOT_AN_INVOICE_BATCH' } },
    });
  });

  it('documents the invoices endpoint', async () => {
    const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toContain('/batches/{id}/invoices');
  });
});
