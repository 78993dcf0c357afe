import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LinkPaidInvoiceFigures1764921600000 } from '../../migrations/1764921600000-LinkPaidInvoiceFigures';
import { AuditLog } from '../../src/auth/audit-log.service';
import { PaymentEntity } from '../../src/payments/entities/payment.entity';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DatabaseService } from '../../src/database/database.service';
import { readSum, sumAsTextSql } from '../../src/database/money-sql';
import { formatMinorUnits } from '../../src/money/amount-input';
import type { CurrencyCode } from '../../src/money/currency';
import { DETAIL_COLUMNS } from '../../src/reports/detail-row';
import { ReportService } from '../../src/reports/report.service';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { PayoutCli } from '../batches/payout-support';
import { type InvoiceLine, invoicesCsv, settleSource } from '../invoices/invoice-support';
import { scratchDir } from '../support/processes';
import { testConfig } from '../support/test-config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { readCsv, readWorkbook, sheetRows } from './report-support';

interface SqlTotals {
  currency: CurrencyCode;
  type: string;
  status: string;
  count: number;
  requested: string;
  payerAmount: string;
  payeeAmount: string;
  fees: string;
  settled: string;
  variance: string;
}

interface InvoiceRecord {
  invoice_number: string;
  payment_id: number | string;
  dollr_invoice_id: number | string | null;
  dollr_number: string | null;
  payment_link: string | null;
  receipt_fx_rate: string | null;
  receipt_platform_fee_minor: number | string | null;
  receipt_gateway_fee_minor: number | string | null;
  receipt_fx_fee_minor: number | string | null;
  receipt_fee_currency: string | null;
  receipt_provider_transaction_id: string | null;
}

const column = (header: string): number => {
  const index = DETAIL_COLUMNS.findIndex((c) => c.header === header);
  if (index === -1) throw new Error(`no Detail column ${header}`);
  return index;
};

/** An invoice batch: a two-line invoice collected by mobile money, a three-line one paid by link, one declined. */
const LINES: InvoiceLine[] = [
  ['R-01', 'C-01', 'Monrovia Bakery', '0886 501 456', '', 'Flour', '10', '45.75', 'USD'],
  ['R-01', 'C-01', 'Monrovia Bakery', '0886 501 456', '', 'Transport', '1', '30.00', 'USD'],
  ['R-02', 'C-02', 'Dukuly Hotel', '0330 501 458', '', 'Rooms', '3', '40.00', 'USD'],
  ['R-02', 'C-02', 'Dukuly Hotel', '0330 501 458', '', 'Breakfast', '6', '5.00', 'USD'],
  ['R-02', 'C-02', 'Dukuly Hotel', '0330 501 458', '', 'Laundry', '1', '7.50', 'USD'],
  ['R-03', 'C-03', 'Sirleaf Farms', '0886 501 901', '', 'Seeds', '1', '20.00', 'USD'],
];

describe('reports and export-source of an invoice batch, end to end', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;
  let dataDir: string;
  let importId: number;
  let batchId: number;
  let invoices: Map<string, InvoiceRecord>;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 400 } });
    dataDir = scratchDir();
    cli = PayoutCli.for(db.url, sandbox, { DATA_DIR: dataDir });
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();

    const summary = await cli.json<{ importId: number; batchId: number }>([
      'import',
      invoicesCsv(cli.dir, 'may-invoices.csv', LINES),
      '--type',
      'receivables',
      '--as',
      'alice',
    ]);
    importId = summary.importId;
    batchId = summary.batchId;
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    await cli.json(['batch', 'run', String(batchId), '--wait'], 2);
    // The hotel pays through its link, in USD; the sync stores the receipt.
    const [hotel] = await dataSource.query<{ dollr_invoice_id: number | string }[]>(
      'SELECT dollr_invoice_id FROM invoices WHERE invoice_number = ?',
      ['R-02'],
    );
    await settleSource(sandbox, Number(hotel?.dollr_invoice_id), 'PAID');
    await cli.json(['invoices', 'sync']);

    const records = await dataSource.query<InvoiceRecord[]>(
      `SELECT invoice_number, payment_id, dollr_invoice_id, dollr_number, payment_link,
              receipt_fx_rate, receipt_platform_fee_minor, receipt_gateway_fee_minor,
              receipt_fx_fee_minor, receipt_fee_currency, receipt_provider_transaction_id
         FROM invoices WHERE batch_id = ?`,
      [batchId],
    );
    invoices = new Map(records.map((r) => [r.invoice_number, r]));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function payment(invoiceNumber: string): Promise<PaymentEntity> {
    const id = Number(invoices.get(invoiceNumber)?.payment_id);
    return dataSource.getRepository(PaymentEntity).findOneByOrFail({ id });
  }

  /** The batch's report as XLSX at `out`, with its journal. */
  const batchReport = (out: string) =>
    cli.json<{ detailRows: number; summary: SqlTotals[]; journal: string }>([
      'report',
      '--batch',
      String(batchId),
      '--format',
      'xlsx',
      '--out',
      out,
      '--journal',
    ]);

  async function sqlTotals(): Promise<SqlTotals[]> {
    const sum = (expression: string): string => sumAsTextSql(dataSource, expression);
    const settled =
      "CASE WHEN status = 'COMPLETED' THEN COALESCE(payee_amount_minor, amount_minor) ELSE 0 END";
    // Only a completed payment was charged its fee; a failed one keeps the pre-flight's prediction.
    const charged = "CASE WHEN status = 'COMPLETED' THEN fee_minor ELSE 0 END";
    const rows = await dataSource.query<Record<string, unknown>[]>(
      `SELECT currency, CASE WHEN (SELECT b.kind FROM batches b WHERE b.id = payments.batch_id) = 'INVOICE'
           THEN 'collections' ELSE 'payouts' END AS type,
         status, COUNT(*) AS n, ${sum('amount_minor')} AS requested,
         ${sum('payer_amount_minor')} AS payer, ${sum('payee_amount_minor')} AS payee,
         ${sum(charged)} AS fees, ${sum(settled)} AS settled,
         ${sum(`CASE WHEN status = 'COMPLETED' THEN COALESCE(payee_amount_minor, amount_minor) - amount_minor ELSE 0 END`)} AS variance
       FROM payments WHERE batch_id = ?
       GROUP BY currency, type, status ORDER BY currency, type DESC, status`,
      [batchId],
    );
    return rows.map((r) => {
      const currency = r.currency as CurrencyCode;
      const money = (value: unknown): string => formatMinorUnits(readSum(value), currency);
      return {
        currency,
        type: r.type as string,
        status: r.status as string,
        count: Number(r.n),
        requested: money(r.requested),
        payerAmount: money(r.payer),
        payeeAmount: money(r.payee),
        fees: money(r.fees),
        settled: money(r.settled),
        variance: money(r.variance),
      };
    });
  }

  it('writes the receipt fees of an invoice paid through its link to its payment row', async () => {
    const hotel = invoices.get('R-02') as InvoiceRecord;
    expect(hotel.receipt_fee_currency).toBe('USD');
    const receiptFees =
      BigInt(String(hotel.receipt_platform_fee_minor ?? 0)) +
      BigInt(String(hotel.receipt_gateway_fee_minor ?? 0)) +
      BigInt(String(hotel.receipt_fx_fee_minor ?? 0));
    expect(receiptFees).toBeGreaterThan(0n);
    const paid = await payment('R-02');
    expect(paid).toMatchObject({
      status: 'COMPLETED',
      feeMinor: receiptFees,
      providerTransactionId: hotel.receipt_provider_transaction_id,
    });
    expect(paid.providerTransactionId).toMatch(/^HOSTED-/);
  });

  it('gives each invoice one Detail row with its ERP and Dollr numbers, link and FX, and a Summary that ties to the payments', async () => {
    const out = join(cli.dir, 'invoices.xlsx');
    const result = await batchReport(out);
    const expected = await sqlTotals();
    expect(expected.map((t) => [t.status, t.count])).toEqual([
      ['COMPLETED', 2],
      ['FAILED', 1],
    ]);
    expect(result.summary.filter((l) => l.status !== 'TOTAL')).toEqual(expected);
    expect(result.detailRows).toBe(3);

    const workbook = await readWorkbook(out);
    const detail = workbook.getWorksheet('Detail') as ExcelJS.Worksheet;
    expect(detail.getRow(1).getCell(column('Invoice number') + 1).value).toBe('Invoice number');
    const rows = sheetRows(detail, 2);
    const byNumber = new Map(rows.map((r) => [r[column('Invoice number')], r]));
    expect([...byNumber.keys()].sort()).toEqual(['R-01', 'R-02', 'R-03']);
    for (const [number, invoice] of invoices) {
      const row = byNumber.get(number) as unknown[];
      expect(row[column('Type')]).toBe('invoice');
      expect(row[column('Dollr invoice id')]).toBe(Number(invoice.dollr_invoice_id));
      expect(row[column('Dollr invoice number')]).toBe(invoice.dollr_number);
      expect(row[column('Dollr invoice number')]).toMatch(/^INV-\d{4}-\d{4}$/);
      expect(row[column('Payment link')]).toBe(invoice.payment_link);
      expect(row[column('Payment link')]).toContain('http');
    }
    // FX from the receipts of the paid invoices; none for the one never paid.
    expect(byNumber.get('R-01')?.[column('FX rate')]).toBe(invoices.get('R-01')?.receipt_fx_rate);
    expect(byNumber.get('R-02')?.[column('FX rate')]).toBe(invoices.get('R-02')?.receipt_fx_rate);
    expect(invoices.get('R-02')?.receipt_fx_rate).toEqual(expect.any(String));
    expect(byNumber.get('R-03')?.[column('FX rate')] ?? null).toBeNull();
    // The link-paid invoice shows the receipt's fees and transaction, and the first line's row.
    const hotel = byNumber.get('R-02') as unknown[];
    const paid = await payment('R-02');
    expect(hotel[column('Fees')]).toBe(Number(formatMinorUnits(paid.feeMinor ?? -1n, 'USD')));
    expect(hotel[column('Provider transaction id')]).toMatch(/^HOSTED-/);
    expect(hotel[column('Source row')]).toBe(4);
    expect(hotel[column('Amount')]).toBe(157.5);

    // The journal books the two paid invoices against receivables, balanced.
    const journal = readCsv(result.journal).slice(1);
    expect(journal.filter((l) => l[1] === '1200').map((l) => [l[2], l[3]])).toEqual(
      expect.arrayContaining([
        ['', '487.50'],
        ['', '157.50'],
      ]),
    );
    const cents = (text: string | undefined): number =>
      text === undefined || text === '' ? 0 : Math.round(Number(text) * 100);
    expect(journal.reduce((sum, l) => sum + cents(l[2]) - cents(l[3]), 0)).toBe(0);
    expect(journal.filter((l) => l[1] === '1200')).toHaveLength(2);

    // The Detail's fees add up to the Summary's.
    const fees = rows.reduce(
      (sum, r) => sum + Math.round(((r[column('Fees')] as number | null) ?? 0) * 100),
      0,
    );
    expect(formatMinorUnits(BigInt(fees), 'USD')).toBe(
      result.summary.find((l) => l.status === 'TOTAL')?.fees,
    );
  });

  it('export-source gives every line of an invoice its status, the money on its first line', async () => {
    const out = join(cli.dir, 'may-back.csv');
    await cli.json(['export-source', String(importId), '--out', out]);
    const exported = readCsv(out);
    expect(exported[0]?.slice(9)).toEqual([
      'status',
      'dollr_reference_id',
      'dollr_status',
      'settled_amount',
      'fees',
      'completed_at',
      'failure_reason',
    ]);
    const back = (row: number): string[] => (exported[row - 1] ?? []).slice(9);
    const [collection] = await dataSource.query<{ reference_id: string }[]>(
      'SELECT reference_id FROM payment_attempts WHERE payment_id = ? ORDER BY attempt_no DESC',
      [Number(invoices.get('R-01')?.payment_id)],
    );
    const bakery = await payment('R-01');
    const hotel = await payment('R-02');
    // R-01: rows 2 and 3, collected by mobile money.
    expect(back(2).slice(0, 5)).toEqual([
      'COMPLETED',
      collection?.reference_id,
      'COMPLETED',
      '487.50',
      formatMinorUnits(bakery.feeMinor ?? -1n, 'USD'),
    ]);
    expect(back(3).slice(0, 5)).toEqual([
      'COMPLETED',
      collection?.reference_id,
      'COMPLETED',
      '',
      '',
    ]);
    expect(back(3)[5]).toBe(back(2)[5]);
    expect(back(3)[5]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // R-02: rows 4 to 6, paid through the link (no attempt: Dollr's invoice status).
    expect(back(4).slice(0, 5)).toEqual([
      'COMPLETED',
      '',
      'PAID',
      formatMinorUnits(hotel.payeeAmountMinor ?? hotel.amountMinor, 'USD'),
      formatMinorUnits(hotel.feeMinor ?? -1n, 'USD'),
    ]);
    for (const row of [5, 6]) {
      expect(back(row).slice(0, 5)).toEqual(['COMPLETED', '', 'PAID', '', '']);
      expect(back(row)[5]).toBe(back(4)[5]);
    }
    // R-03: row 7, declined.
    expect(back(7).slice(0, 3)).toEqual(['FAILED', expect.any(String), 'FAILED']);
    expect(back(7)[6]).not.toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^R-01,C-01,Monrovia Bakery,/);
  });

  it("keeps a payment flagged STUCK on an earlier day on each day's Exceptions until Dollr settles it", async () => {
    const config = testConfig(db.url, { DATA_DIR: dataDir });
    const source = new DataSource(buildDataSourceOptions(config.database));
    const reports = new ReportService(
      new DatabaseService(source, config),
      config,
      new AuditLog(source),
    );
    const day = (offset: number): string =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const at = (offset: number): Date => new Date(`${day(offset)}T10:00:00Z`);
    const seeds = await payment('R-03');
    const repo = dataSource.getRepository(PaymentEntity);
    const stuckRows = async (date: string): Promise<unknown[][]> => {
      const dir = join(cli.dir, `daily-${date}`);
      const daily = await reports.writeDailyReport(date, dir);
      const workbook = await readWorkbook(daily.report);
      const exceptions = workbook.getWorksheet('Exceptions') as ExcelJS.Worksheet;
      return sheetRows(exceptions, 2).filter((r) => r[2] === seeds.rowNumber);
    };
    try {
      // PROCESSING since three days ago, flagged STUCK two days ago: no status change since, so
      // only the report of three days ago would hold it by status_changed_at.
      await repo.update(seeds.id, {
        status: 'PROCESSING',
        statusChangedAt: at(-3),
        stuckAt: at(-2),
        stuckReason: 'No final status from Dollr',
        completedAt: null,
      });
      expect(await stuckRows(day(-4))).toEqual([]);
      for (const offset of [-3, -2, -1, 0]) {
        const rows = await stuckRows(day(offset));
        expect(rows.map((r) => [r[0], r[9]])).toEqual([['STUCK', 'PROCESSING']]);
      }
      // Dollr's final word clears the flag: that day it is FAILED, and no longer STUCK.
      await repo.update(seeds.id, {
        status: 'FAILED',
        statusChangedAt: at(0),
        stuckAt: null,
        stuckReason: null,
      });
      expect((await stuckRows(day(0))).map((r) => r[0])).toEqual(['FAILED']);
      expect(await stuckRows(day(-1))).toEqual([]);
      expect(await stuckRows(day(-3))).toEqual([]);
    } finally {
      await repo.update(seeds.id, {
        status: seeds.status,
        statusChangedAt: seeds.statusChangedAt,
        stuckAt: null,
        stuckReason: null,
      });
      if (source.isInitialized) await source.destroy();
    }
  });

  it("shows an invoice declined by mobile money and then paid through its link in LRD with the receipt's figures, not the declined attempt's", async () => {
    const declined = await payment('R-03');
    expect(declined.status).toBe('FAILED');
    const [attempt] = await dataSource.query<{ reference_id: string; gateway_message: string }[]>(
      'SELECT reference_id, gateway_message FROM payment_attempts WHERE payment_id = ?',
      [declined.id],
    );
    expect(attempt?.gateway_message).toEqual(expect.any(String));
    await settleSource(sandbox, Number(invoices.get('R-03')?.dollr_invoice_id), 'PAID', 'LRD');
    await cli.json(['invoices', 'sync']);

    const [receipt] = await dataSource.query<Record<string, string | number | null>[]>(
      `SELECT dollr_number, receipt_payer_amount_minor, receipt_payer_currency,
              receipt_payee_amount_minor, receipt_payee_currency
         FROM invoices WHERE invoice_number = ?`,
      ['R-03'],
    );
    expect(receipt?.receipt_payer_currency).toBe('LRD');
    const inUsd = (amount: string | number | null | undefined, currency: unknown): bigint | null =>
      currency === 'USD' && amount !== null && amount !== undefined ? BigInt(amount) : null;
    const paid = await payment('R-03');
    // The customer paid LRD: no USD payer amount is made up, and the payee's is the receipt's.
    expect(paid.providerTransactionId).toMatch(/^HOSTED-/);
    expect(paid).toMatchObject({
      status: 'COMPLETED',
      referenceId: null,
      gatewayMessage: null,
      payerAmountMinor: null,
      payeeAmountMinor: inUsd(receipt?.receipt_payee_amount_minor, receipt?.receipt_payee_currency),
    });

    const out = join(cli.dir, 'invoices-after-link.xlsx');
    const result = await batchReport(out);
    const detail = (await readWorkbook(out)).getWorksheet('Detail') as ExcelJS.Worksheet;
    const seeds = sheetRows(detail, 2).find((r) => r[column('Invoice number')] === 'R-03');
    expect(seeds?.[column('Status')]).toBe('COMPLETED');
    expect(seeds?.[column('Dollr status')]).toBe('PAID');
    expect(seeds?.[column('reference_id')] ?? null).toBeNull();
    expect(seeds?.[column('Gateway message')] ?? null).toBeNull();
    expect(seeds?.[column('Provider transaction id')]).toMatch(/^HOSTED-/);
    // Its journal entry is referenced by Dollr's invoice number, not the declined attempt.
    const journal = readCsv(result.journal).filter((l) => l[4] === 'USD' && l[1] === '1200');
    expect(journal.map((l) => l[6])).toContain(receipt?.dollr_number);
    expect(readFileSync(result.journal, 'utf8')).not.toContain(attempt?.reference_id);

    const back = join(cli.dir, 'may-back-after-link.csv');
    await cli.json(['export-source', String(importId), '--out', back]);
    expect(readCsv(back)[6]?.slice(9, 12)).toEqual(['COMPLETED', '', 'PAID']);

    // A payment completed this way by an earlier version kept the declined attempt's figures:
    // the LinkPaidInvoiceFigures migration puts the receipt's in their place, and only there.
    const repo = dataSource.getRepository(PaymentEntity);
    const collected = await payment('R-01');
    await repo.update(paid.id, {
      payerAmountMinor: 2060n,
      payeeAmountMinor: 1999n,
      referenceId: attempt?.reference_id,
      gatewayMessage: attempt?.gateway_message,
      providerTransactionId: 'MTN-DECLINED-1',
    });
    const runner = dataSource.createQueryRunner();
    try {
      await new LinkPaidInvoiceFigures1764921600000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await payment('R-03')).toEqual(paid);
    expect(await payment('R-01')).toEqual(collected);
  });
});
