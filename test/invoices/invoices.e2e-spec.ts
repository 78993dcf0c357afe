import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { type BatchJson, ledger, PayoutCli } from '../batches/payout-support';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  dollrInvoices,
  type InvoiceLine,
  invoicesCsv,
  invoicesFor,
  settleSource,
} from './invoice-support';

interface InvoiceJson {
  invoiceNumber: string;
  amount: string;
  currency: string;
  collection: 'MOBILE_MONEY' | 'PAYMENT_LINK';
  dollrInvoiceId: number | null;
  dollrNumber: string | null;
  status: string | null;
  paymentLink: string | null;
  paymentStatus: string;
  reason: string | null;
  paidAt: string | null;
}

type InvoiceBatchJson = BatchJson & {
  counts: BatchJson['counts'] & { AWAITING_PAYMENT: number };
  approvalsRequired: number;
  invoices: InvoiceJson[];
  preflight: { rejections: { row: number; reason: string }[] };
};

interface AttemptRow {
  payment_id: number;
  payment_status: string;
  reference_id: string;
  state: string;
}

describe('invoice batches, end to end against the sandbox (CLI)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 400 } });
    cli = PayoutCli.for(db.url, sandbox);
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function importedBatch(file: string, as = 'alice'): Promise<number> {
    const summary = await cli.json<{ batchId: number | null }>([
      'import',
      file,
      '--type',
      'receivables',
      '--as',
      as,
    ]);
    expect(summary.batchId).toEqual(expect.any(Number));
    return summary.batchId as number;
  }

  async function show(batchId: number): Promise<InvoiceBatchJson> {
    return cli.json<InvoiceBatchJson>(['batch', 'show', String(batchId)]);
  }

  function byNumber(batch: InvoiceBatchJson, number: string): InvoiceJson {
    const invoice = batch.invoices.find((i) => i.invoiceNumber === number);
    if (invoice === undefined) throw new Error(`no invoice ${number} in batch ${batch.batchId}`);
    return invoice;
  }

  /** Every collected invoice moved money exactly once, every failed one never, nothing twice. */
  async function expectLedgerProof(batchId: number): Promise<void> {
    const entries = new Map((await ledger(sandbox)).map((e) => [e.reference_id, e]));
    const attempts = await dataSource.query<AttemptRow[]>(
      `SELECT a.payment_id, p.status AS payment_status, a.reference_id, a.state
       FROM payment_attempts a JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ? ORDER BY a.id`,
      [batchId],
    );
    const completed = attempts.filter(
      (a) => a.payment_status === 'COMPLETED' && a.state === 'COMPLETED',
    );
    expect(completed.length).toBeGreaterThan(0);
    for (const attempt of attempts) {
      const entry = entries.get(attempt.reference_id);
      if (attempt.state === 'COMPLETED') {
        expect(entry).toMatchObject({ operation: 'COLLECTION', effects: 1 });
      } else {
        expect(entry?.effects ?? 0).toBe(0);
      }
    }
    for (const entry of entries.values()) expect(entry.effects).toBeLessThanOrEqual(1);
    const paid = new Map<number, number>();
    for (const a of completed) paid.set(a.payment_id, (paid.get(a.payment_id) ?? 0) + 1);
    for (const count of paid.values()) expect(count).toBe(1);
  }

  it('creates, publishes and collects invoices once; a customer without mobile money gets a payment link; invoices sync stores the receipt', async () => {
    const lines: InvoiceLine[] = [
      ['A-01', 'C-01', 'Monrovia Bakery', '0886 301 456', '', 'Flour', '10', '45.75', 'USD'],
      ['A-01', 'C-01', 'Monrovia Bakery', '0886 301 456', '', 'Transport', '1', '30.00', 'USD'],
      ['A-02', 'C-02', 'Kollie Hardware', '0770 301 457', '', 'Nails', '2.5', '4.00', 'USD'],
      ['A-03', 'C-03', 'Sirleaf Farms', '0886 301 901', '', 'Seeds', '1', '20.00', 'USD'],
      ['A-04', 'C-04', 'Dukuly Hotel', '0330 301 458', '', 'Rooms', '3', '40.00', 'USD'],
      ['A-05', 'C-05', 'Paye Traders', '', 'ap@paye.example', 'Rice', '1', '15.00', 'USD'],
    ];
    const batchId = await importedBatch(invoicesCsv(cli.dir, 'march-invoices.csv', lines));

    const draft = await show(batchId);
    expect(draft).toMatchObject({ status: 'DRAFT', kind: 'INVOICE', counts: { PENDING: 5 } });
    expect(byNumber(draft, 'A-01')).toMatchObject({ amount: '487.50', status: null });

    const preflight = await cli.json<InvoiceBatchJson>(['batch', 'preflight', String(batchId)]);
    expect(preflight.status).toBe('AWAITING_APPROVAL');
    expect(preflight.counts.PENDING).toBe(4);
    expect(preflight.preflight.rejections).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('no phone number') as unknown }),
    ]);
    expect(byNumber(preflight, 'A-04').collection).toBe('PAYMENT_LINK');
    expect(byNumber(preflight, 'A-01').collection).toBe('MOBILE_MONEY');

    const own = await cli.run(['batch', 'approve', String(batchId), '--as', 'alice', '--json']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('alice imported this batch and cannot approve it');
    expect(await dollrInvoices(sandbox)).toEqual([]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);

    const done = await cli.json<InvoiceBatchJson>(['batch', 'run', String(batchId), '--wait'], 2);
    expect(done.status).toBe('COMPLETED_WITH_FAILURES');
    expect(done.counts).toEqual({
      PENDING: 0,
      PROCESSING: 0,
      COMPLETED: 2,
      FAILED: 1,
      CANCELED: 0,
      AWAITING_PAYMENT: 1,
    });
    expect(done.totals).toEqual([
      expect.objectContaining({
        currency: 'USD',
        requested: '637.50',
        completed: '497.50',
        failed: '20.00',
      }),
    ]);

    const after = await show(batchId);
    for (const number of ['A-01', 'A-02']) {
      expect(byNumber(after, number)).toMatchObject({
        status: 'PAID',
        paymentStatus: 'COMPLETED',
        dollrNumber: expect.stringMatching(/^INV-\d{4}-\d{4}$/) as unknown,
        paymentLink: expect.stringContaining('http') as unknown,
      });
    }
    expect(byNumber(after, 'A-03')).toMatchObject({ status: 'ACTIVE', paymentStatus: 'FAILED' });
    expect(byNumber(after, 'A-03').reason).toContain('declined');
    const hosted = byNumber(after, 'A-04');
    expect(hosted).toMatchObject({
      collection: 'PAYMENT_LINK',
      status: 'ACTIVE',
      paymentStatus: 'AWAITING_PAYMENT',
      paymentLink: expect.stringContaining('http') as unknown,
    });

    // One Dollr invoice per ERP invoice, holding the file's lines and total.
    const onDollr = await dollrInvoices(sandbox);
    expect(onDollr).toHaveLength(4);
    expect(invoicesFor(onDollr, 'A-01')).toEqual([
      expect.objectContaining({ total_amount: 487.5, currency: 'USD' }),
    ]);
    expect(invoicesFor(onDollr, 'A-02')).toEqual([expect.objectContaining({ total_amount: 10 })]);
    await expectLedgerProof(batchId);
    const collections = (await ledger(sandbox)).filter((e) => e.operation === 'COLLECTION');
    expect(collections).toHaveLength(3);

    // Running again (retry-failed: A-03 is collected again under a new reference id), or importing
    // the same invoices again, makes no second invoice.
    await cli.json(['batch', 'retry-failed', String(batchId)]);
    const retried = await cli.json<InvoiceBatchJson>(
      ['batch', 'run', String(batchId), '--wait'],
      2,
    );
    expect(retried.counts).toMatchObject({ COMPLETED: 2, FAILED: 1, AWAITING_PAYMENT: 1 });
    const again = await cli.json<{ batchId: number | null; duplicates: number }>([
      'import',
      invoicesCsv(cli.dir, 'march-again.csv', lines.slice(0, 5)),
      '--type',
      'receivables',
      '--as',
      'alice',
    ]);
    expect(again).toMatchObject({ batchId: null, duplicates: 5 });
    expect(await dollrInvoices(sandbox)).toHaveLength(4);
    expect((await ledger(sandbox)).filter((e) => e.operation === 'COLLECTION')).toHaveLength(4);
    await expectLedgerProof(batchId);

    // The customer pays through the link (in LRD); the sync stores the receipt.
    await settleSource(sandbox, hosted.dollrInvoiceId as number, 'PAID', 'LRD');
    const sync = await cli.json<{ checked: number; changed: number; paid: number }>([
      'invoices',
      'sync',
    ]);
    expect(sync).toMatchObject({ paid: 1, changed: 1 });
    expect(sync.checked).toBeGreaterThanOrEqual(2); // the hosted invoice and A-03 (still ACTIVE)
    const synced = byNumber(await show(batchId), 'A-04');
    expect(synced).toMatchObject({ status: 'PAID', paymentStatus: 'COMPLETED' });
    expect(synced.paidAt).toEqual(expect.any(String));
    const [receipt] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT receipt_payer_amount_minor, receipt_payer_currency, receipt_payee_amount_minor,
              receipt_payee_currency, receipt_fx_rate, receipt_platform_fee_minor, paid_at
       FROM invoices WHERE invoice_number = ?`,
      ['A-04'],
    );
    // 120.00 USD paid in LRD by the payer (fees on top): the merchant receives 120.00 USD.
    expect(receipt).toMatchObject({
      receipt_payer_currency: 'LRD',
      receipt_payee_currency: 'USD',
      receipt_fx_rate: '190',
    });
    expect(String(receipt.receipt_payee_amount_minor)).toBe('12000');
    expect(Number(receipt.receipt_payer_amount_minor)).toBeGreaterThan(120 * 190 * 100);
    expect(Number(receipt.receipt_platform_fee_minor)).toBeGreaterThan(0);
    const nothingOpen = await cli.json<{ paid: number }>(['invoices', 'sync']);
    expect(nothingOpen.paid).toBe(0);
  });

  it('makes no second Dollr invoice when the answer to its create is lost, and asks two approvers above the threshold', async () => {
    const strict = cli.with({ APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=100' });
    const lines: InvoiceLine[] = [
      ['B-01', 'C-11', 'Gbarnga Stores', '0886 311 456', '', 'Cement', '4', '25.00', 'USD'],
      ['B-01', 'C-11', 'Gbarnga Stores', '0886 311 456', '', 'Delivery', '1', '12.00', 'USD'],
      ['B-02', 'C-12', 'Harper Clinic', '0770 311 457', '', 'Gloves', '10', '3.00', 'USD'],
      ['B-03', 'C-13', 'Zwedru School', '0330 311 458', '', 'Books', '6', '8.00', 'USD'],
    ];
    const batchId = await importedBatch(invoicesCsv(cli.dir, 'april-invoices.csv', lines));
    await strict.json(['batch', 'preflight', String(batchId)]);
    const one = await strict.json<InvoiceBatchJson>([
      'batch',
      'approve',
      String(batchId),
      '--as',
      'bob',
    ]);
    expect(one).toMatchObject({ status: 'AWAITING_APPROVAL', approvalsRequired: 2 });
    await strict.json(['batch', 'approve', String(batchId), '--as', 'carol']);

    // Dollr creates each invoice, but its answer never arrives: the run is left, each time, with
    // an invoice marked "creating" and no Dollr id, as after a crash between create and remember.
    sandbox.setFaults('drop=1,only=/v1/invoices/create');
    let finished: InvoiceBatchJson;
    try {
      finished = await strict.json<InvoiceBatchJson>(['batch', 'run', String(batchId), '--wait']);
    } finally {
      sandbox.setFaults('drop=0');
    }
    expect(finished.status).toBe('COMPLETED');
    const rows = await dataSource.query<{ invoice_number: string; create_started_at: unknown }[]>(
      'SELECT invoice_number, create_started_at FROM invoices WHERE batch_id = ?',
      [batchId],
    );
    expect(rows.every((r) => r.create_started_at !== null)).toBe(true);
    const onDollr = await dollrInvoices(sandbox);
    for (const number of ['B-01', 'B-02', 'B-03']) {
      expect(invoicesFor(onDollr, number)).toHaveLength(1);
    }
    expect(invoicesFor(onDollr, 'B-01')[0]).toMatchObject({ total_amount: 112 });
    expect(finished.counts).toMatchObject({ COMPLETED: 2, AWAITING_PAYMENT: 1 });
    await expectLedgerProof(batchId);
  });

  it('ends every collection COMPLETED or FAILED under 5xx, 429, dropped responses and short tokens, collecting each once', async () => {
    const lines: InvoiceLine[] = [];
    for (let i = 0; i < 16; i += 1) {
      const phone = `0886 4${String(i).padStart(2, '0')} ${i % 5 === 4 ? '901' : String(100 + i)}`;
      const number = `F-${String(i).padStart(3, '0')}`;
      lines.push([
        number,
        `C-F${i}`,
        `Customer ${i}`,
        phone,
        '',
        'Service',
        '1',
        `${10 + i}.00`,
        'USD',
      ]);
      if (i % 3 === 0)
        lines.push([number, `C-F${i}`, `Customer ${i}`, phone, '', 'Extra', '2', '1.50', 'USD']);
    }
    const batchId = await importedBatch(invoicesCsv(cli.dir, 'faults.csv', lines));
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    sandbox.setFaults('error5xx=0.1,rate429=0.05,drop=0.05,tokenTtl=20s,seed=17');
    let done: InvoiceBatchJson;
    try {
      done = await cli.json<InvoiceBatchJson>(['batch', 'run', String(batchId), '--wait'], 2);
    } finally {
      sandbox.setFaults('error5xx=0,rate429=0,drop=0');
    }
    expect(done.counts).toMatchObject({ PENDING: 0, PROCESSING: 0, CANCELED: 0 });
    expect(done.counts.COMPLETED + done.counts.FAILED).toBe(16);
    expect(done.counts.FAILED).toBe(3);
    const onDollr = await dollrInvoices(sandbox);
    for (let i = 0; i < 16; i += 1) {
      const found = invoicesFor(onDollr, `F-${String(i).padStart(3, '0')}`);
      expect(found.filter((f) => f.status !== 'CANCELED')).toHaveLength(1);
      expect(found[0].total_amount).toBe(10 + i + (i % 3 === 0 ? 3 : 0));
    }
    await expectLedgerProof(batchId);
  });
});
