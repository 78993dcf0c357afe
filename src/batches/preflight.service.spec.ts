import { Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import type { DollrClient } from '../dollr/dollr.client';
import {
  type DollrError,
  DollrServerError,
  DollrUnavailableError,
  DollrValidationError,
} from '../dollr/errors';
import type {
  AmountAndFees,
  AmountAndFeesQuery,
  FeeBearer,
  MmoProviderInfo,
  MmoProviderInfoQuery,
  PaymentMethod,
} from '../dollr/types';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { ImportEntity } from '../imports/entities/import.entity';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { InvoicesService } from '../invoices/invoices.service';
import { toMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries } from './batch-queries';
import type { BatchStatus } from './batch-status';
import { type BatchKind, BatchEntity } from './entities/batch.entity';
import { type PreflightProgress, PreflightService } from './preflight.service';

/**
 * Pre-flight in process, on the database under test, against a fake of Dollr's two predictions:
 * what each payment and the batch look like afterwards, and what was asked of Dollr.
 */

const maker: Actor = { name: 'ama.mensah', role: 'cli', keyId: null };
const created = new Date('2026-11-28T08:00:00.000Z');
const now = new Date('2026-12-01T09:00:00.000Z');

const MTN = '231886000001';
const MTN_2 = '231886000002';
const ORANGE = '231770000003';
/** A Liberian number on no mobile money network (Dollr answers 422 on `query.phone`). */
const NO_NETWORK = '231330000004';

function refused(operation: string, field: string, msg: string): DollrValidationError {
  return new DollrValidationError([{ loc: ['query', field], msg, type: 'value_error' }], {
    operation,
    status: 422,
  });
}

/**
 * Dollr's operator and fee predictions. Operators by phone prefix, as the sandbox routes them;
 * fees: 0.25 platform + 1% gateway + 0.05 FX (non-zero, so that a fee missing one part shows).
 */
class FakeDollr implements Pick<DollrClient, 'predictMmoProvider' | 'predictAmountAndFees'> {
  readonly operatorCalls: MmoProviderInfoQuery[] = [];
  readonly feeCalls: AmountAndFeesQuery[] = [];
  readonly networks = new Map<string, PaymentMethod>([
    ['23188', 'MTN_MOMO_LBR'],
    ['23177', 'ORANGE_MONEY_LBR'],
  ]);
  /** Errors Dollr answers instead: for one phone, for one base amount, or for every phone. */
  readonly phoneFailures = new Map<string, DollrError>();
  readonly amountFailures = new Map<string, DollrError>();
  operatorOutage: DollrError | null = null;

  predictMmoProvider(query: MmoProviderInfoQuery): Promise<MmoProviderInfo> {
    this.operatorCalls.push({ ...query });
    const failure = this.operatorOutage ?? this.phoneFailures.get(query.phone);
    if (failure !== undefined) return Promise.reject(failure);
    const method = [...this.networks].find(([prefix]) => query.phone.startsWith(prefix))?.[1];
    if (method === undefined) {
      return Promise.reject(
        refused('predictions.mmoProviderInfo', 'phone', 'no mobile money network for this number'),
      );
    }
    return Promise.resolve({ payment_method: method, gateway_provider: 'PAWAPAY' });
  }

  predictAmountAndFees(query: AmountAndFeesQuery): Promise<AmountAndFees> {
    this.feeCalls.push({ ...query });
    const failure = this.amountFailures.get(query.base_amount);
    if (failure !== undefined) return Promise.reject(failure);
    const base = new Decimal(query.base_amount);
    const platform = new Decimal('0.25');
    const gateway = base.times('0.01').toDecimalPlaces(2);
    const fx = new Decimal('0.05');
    const fee = platform.plus(gateway).plus(fx);
    const payerPays = query.fee_bearer === 'PAYER';
    return Promise.resolve({
      payer_amount: (payerPays ? base.plus(fee) : base).toFixed(2),
      payer_currency: query.base_currency,
      payee_amount: (payerPays ? base : base.minus(fee)).toFixed(2),
      payee_currency: query.target_currency,
      platform_fee: platform.toFixed(2),
      gateway_fee: gateway.toFixed(2),
      fx_fee: fx.toFixed(2),
    });
  }
}

interface StoredPayment {
  readonly phone: string;
  /** A decimal string in the currency's decimals. */
  readonly amount: string;
  readonly currency?: CurrencyCode;
  /** The method the file named; the batch factory then routes it through PAWAPAY. */
  readonly method?: PaymentMethod;
  /** Invoice batches: who bears Dollr's fees. */
  readonly feeBearer?: FeeBearer;
}

let db: MigratedDatabase;
let dataSource: DataSource;
let queries: BatchQueries;
let lifecycle: BatchLifecycle;
let dollr: FakeDollr;
let preflight: PreflightService;
let seq = 0;

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  dataSource = db.dataSource;
  const config = testConfig(db.database.url);
  queries = new BatchQueries(
    dataSource,
    config,
    new InvoicesService(dataSource, {} as DollrClient),
  );
  lifecycle = new BatchLifecycle(dataSource, config, new AuditLog(dataSource), queries);
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  useDollr(new FakeDollr());
});

/** Pre-flight from now on asks this Dollr (a fresh fake: no failures, no calls recorded). */
function useDollr(fake: FakeDollr): void {
  dollr = fake;
  preflight = new PreflightService(
    dataSource,
    fake as unknown as DollrClient,
    queries,
    lifecycle,
    // Fee predictions kept across runs are specified in preflight.reuse.spec.ts.
    testConfig(db.database.url, { FEE_PREDICTION_TTL_HOURS: '0' }),
  );
}

/**
 * An import, its batch (DRAFT unless said) and one unchecked PENDING payment per entry, in order,
 * as the batch factory stores them; an invoice batch also gets one invoice per payment.
 */
async function storeBatch(
  payments: readonly StoredPayment[],
  options: { kind?: BatchKind; status?: BatchStatus } = {},
): Promise<number> {
  const kind = options.kind ?? 'PAYOUT';
  const relationshipType = kind === 'INVOICE' ? 'CUSTOMER' : 'EMPLOYEE';
  const batchNo = ++seq;
  const imp = await dataSource.getRepository(ImportEntity).save({
    kind: kind === 'INVOICE' ? 'receivables' : 'payables',
    status: 'imported',
    fileName: `file-${batchNo}.csv`,
    fileSha256: String(batchNo).padStart(64, '0'),
    fileFormat: 'csv',
    fileSize: 100 + payments.length,
    profile: kind === 'INVOICE' ? 'invoices' : 'payroll',
    relationshipType,
    sheet: null,
    sheetState: null,
    headerRow: 1,
    headers: ['ref', 'full_name', 'phone', 'amount', 'currency'],
    country: 'LR',
    currency: null,
    createdBy: maker.name,
    createdAt: created,
    rowCount: payments.length,
    validCount: payments.length,
    invalidCount: 0,
    duplicateCount: 0,
    skippedCount: 0,
    period: kind === 'INVOICE' ? null : '2026-11',
    periodFrom: kind === 'INVOICE' ? null : 'column',
    invoiceCount: kind === 'INVOICE' ? payments.length : null,
  });
  const entries = payments.map((p, i) => {
    const ref = `REF-${batchNo}-${i + 1}`;
    const currency = p.currency ?? 'USD';
    return {
      p,
      ref,
      currency,
      rowNumber: i + 2,
      amountMinor: toMinorUnits(p.amount, currency),
      dedupeKey: `${relationshipType}:${ref}:2026-11`,
    };
  });
  await insertAll(
    ImportRowEntity,
    entries.map((e) => ({
      importId: imp.id,
      rowNumber: e.rowNumber,
      status: 'valid' as const,
      raw: [e.ref, `Payee ${e.ref}`, e.p.phone, e.p.amount, e.currency],
      fields: {
        external_ref: e.ref,
        full_name: `Payee ${e.ref}`,
        phone: e.p.phone,
        amount: e.p.amount,
      },
      currency: e.currency,
      amountMinor: e.amountMinor,
      errors: [],
      warnings: [],
      dedupeKey: e.dedupeKey,
      duplicateOfImportId: null,
      duplicateOfRow: null,
    })),
  );
  const rows = await dataSource
    .getRepository(ImportRowEntity)
    .find({ select: { id: true }, where: { importId: imp.id }, order: { rowNumber: 'ASC' } });
  const batch = await dataSource.getRepository(BatchEntity).save({
    importId: imp.id,
    kind,
    status: options.status ?? 'DRAFT',
    relationshipType,
    createdBy: maker.name,
    createdAt: created,
    updatedAt: created,
    expiresAt: new Date(created.getTime() + 7 * 86_400_000),
    preflightAt: null,
    contentHash: null,
    approvalsRequired: 1,
    statusReason: null,
    startedAt: null,
    finishedAt: null,
  });
  await insertAll(
    PaymentEntity,
    entries.map((e, i) => ({
      batchId: batch.id,
      importRowId: rows[i]?.id ?? 0,
      rowNumber: e.rowNumber,
      dedupeKey: e.dedupeKey,
      externalRef: e.ref,
      fullName: `Payee ${e.ref}`,
      phone: e.p.phone,
      currency: e.currency,
      amountMinor: e.amountMinor,
      method: e.p.method ?? null,
      provider: e.p.method === undefined ? null : 'PAWAPAY',
      feeMinor: null,
      payerAmountMinor: null,
      payeeAmountMinor: null,
      preflightAt: null,
      status: 'PENDING' as const,
      reason: null,
      payeeId: null,
      paymentAccountId: null,
      attemptCount: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      nextCheckAt: null,
      statusChangedAt: created,
      completedAt: null,
      stuckAt: null,
      stuckReason: null,
      referenceId: null,
      providerTransactionId: null,
      gatewayMessage: null,
    })),
  );
  if (kind === 'INVOICE') {
    const stored = await paymentsOf(batch.id);
    await dataSource.getRepository(InvoiceEntity).save(
      entries.map((e, i) => ({
        batchId: batch.id,
        paymentId: stored[i]?.id ?? 0,
        invoiceNumber: `INV-${e.ref}`,
        reference: `preflight-spec-${e.ref}`,
        currency: e.currency,
        amountMinor: e.amountMinor,
        feeBearer: e.p.feeBearer ?? 'PAYER',
        dueDate: '2026-12-31',
        note: null,
        email: null,
        syncState: 'NEW' as const,
        dollrInvoiceId: null,
        dollrNumber: null,
        dollrStatus: null,
        paymentLink: null,
        createStartedAt: null,
        publishedAt: null,
        statusCheckedAt: null,
        statusChangedAt: null,
        paidAt: null,
        receiptPayerAmountMinor: null,
        receiptPayerCurrency: null,
        receiptPayeeAmountMinor: null,
        receiptPayeeCurrency: null,
        receiptPlatformFeeMinor: null,
        receiptGatewayFeeMinor: null,
        receiptFxFeeMinor: null,
        receiptFeeCurrency: null,
        receiptFxRate: null,
        receiptProvider: null,
        receiptProviderTransactionId: null,
        receipt: null,
      })),
    );
  }
  return batch.id;
}

/** One INSERT of many rows, not read back (a 300-payment batch is stored in milliseconds). */
async function insertAll<T extends ObjectLiteral>(
  target: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>[],
): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(values)
    .updateEntity(false)
    .execute();
}

function paymentsOf(batchId: number): Promise<PaymentEntity[]> {
  return dataSource.getRepository(PaymentEntity).find({ where: { batchId }, order: { id: 'ASC' } });
}

function batchRow(batchId: number): Promise<BatchEntity | null> {
  return dataSource.getRepository(BatchEntity).findOneBy({ id: batchId });
}

/** What pre-flight wrote on each payment, in file order. */
async function checks(batchId: number) {
  return (await paymentsOf(batchId)).map((p) => ({
    phone: p.phone,
    status: p.status,
    method: p.method,
    provider: p.provider,
    fee: p.feeMinor,
    payer: p.payerAmountMinor,
    payee: p.payeeAmountMinor,
    reason: p.reason,
    checked: p.preflightAt !== null,
  }));
}

/** What a payment checked and found payable looks like. */
function payable(phone: string, method: PaymentMethod, fee: bigint, payer: bigint, payee: bigint) {
  return {
    phone,
    status: 'PENDING',
    method,
    provider: 'PAWAPAY',
    fee,
    payer,
    payee,
    reason: null,
    checked: true,
  };
}

const unchecked = (phone: string) => ({
  phone,
  status: 'PENDING',
  method: null,
  provider: null,
  fee: null,
  payer: null,
  payee: null,
  reason: null,
  checked: false,
});

const feeKeys = () =>
  dollr.feeCalls.map((q) => `${q.payment_method} ${q.base_currency} ${q.base_amount}`).sort();

describe('pre-flight of a payout batch', () => {
  it('gives each payment the operator Dollr predicts for its phone and the fee it predicts for its amount', async () => {
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: ORANGE, amount: '40.00' },
    ]);

    await preflight.run(id, maker, now);

    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
      payable(ORANGE, 'ORANGE_MONEY_LBR', 70n, 4_070n, 4_000n),
    ]);
    expect(dollr.operatorCalls).toEqual([
      { phone: MTN, operation_type: 'PAYOUT' },
      { phone: ORANGE, operation_type: 'PAYOUT' },
    ]);
    expect(dollr.feeCalls).toContainEqual({
      base_amount: '100.00',
      base_currency: 'USD',
      target_currency: 'USD',
      payment_method: 'MTN_MOMO_LBR',
      provider: 'PAWAPAY',
      operation_type: 'PAYOUT',
      fee_bearer: 'PAYER',
    });
  });

  it('totals amounts and fees per currency and submits the batch for approval', async () => {
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: ORANGE, amount: '40.00' },
      { phone: MTN_2, amount: '5000.00', currency: 'LRD' },
    ]);

    const details = await preflight.run(id, maker, now);

    expect(details.status).toBe('AWAITING_APPROVAL');
    expect(details.totals).toEqual([
      { currency: 'LRD', requested: '5000.00', completed: '0.00', failed: '0.00', fees: '50.30' },
      { currency: 'USD', requested: '140.00', completed: '0.00', failed: '0.00', fees: '2.00' },
    ]);
    expect(details.preflight).toEqual({
      at: now.toISOString(),
      checked: 3,
      total: 3,
      totals: [
        {
          currency: 'LRD',
          count: 1,
          requested: '5000.00',
          fees: '50.30',
          payerTotal: '5050.30',
          payeeTotal: '5000.00',
        },
        {
          currency: 'USD',
          count: 2,
          requested: '140.00',
          fees: '2.00',
          payerTotal: '142.00',
          payeeTotal: '140.00',
        },
      ],
      rejections: [],
    });
    expect(await batchRow(id)).toMatchObject({
      status: 'AWAITING_APPROVAL',
      preflightAt: now,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
    const audit = await dataSource
      .getRepository(AuditEventEntity)
      .findBy({ subjectType: 'batch', subjectId: id, action: 'batch.preflight' });
    expect(audit).toEqual([expect.objectContaining({ actor: maker.name, at: now })]);
  });

  it('rejects a payment whose phone is on no network Dollr serves, saying why, and passes the others', async () => {
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: NO_NETWORK, amount: '60.00' },
      { phone: ORANGE, amount: '40.00' },
    ]);

    const details = await preflight.run(id, maker, now);

    const reason =
      'Dollr cannot pay this phone: Dollr rejected predictions.mmoProviderInfo (422): ' +
      'query.phone: no mobile money network for this number';
    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
      { ...unchecked(NO_NETWORK), status: 'REJECTED', reason, checked: true },
      payable(ORANGE, 'ORANGE_MONEY_LBR', 70n, 4_070n, 4_000n),
    ]);
    const [, rejected] = await paymentsOf(id);
    expect(details.preflight.rejections).toEqual([
      { row: 3, externalRef: rejected?.externalRef, phone: NO_NETWORK, reason },
    ]);
    expect(rejected?.statusChangedAt).toEqual(now);
    expect(details).toMatchObject({
      status: 'AWAITING_APPROVAL',
      rejected: 1,
      counts: { PENDING: 2 },
      totals: [expect.objectContaining({ currency: 'USD', requested: '140.00', fees: '2.00' })],
    });
    expect(feeKeys()).toEqual(['MTN_MOMO_LBR USD 100.00', 'ORANGE_MONEY_LBR USD 40.00']);
  });

  it('rejects a payment whose amount Dollr will not pay, keeping the operator it found', async () => {
    dollr.amountFailures.set(
      '0.50',
      refused('predictions.amountAndFees', 'base_amount', 'below the minimum payout of 1.00 USD'),
    );
    const id = await storeBatch([
      { phone: MTN, amount: '0.50' },
      { phone: ORANGE, amount: '40.00' },
    ]);

    const details = await preflight.run(id, maker, now);

    expect(await checks(id)).toEqual([
      {
        ...unchecked(MTN),
        status: 'REJECTED',
        method: 'MTN_MOMO_LBR',
        provider: 'PAWAPAY',
        reason:
          'Dollr will not pay this amount: Dollr rejected predictions.amountAndFees (422): ' +
          'query.base_amount: below the minimum payout of 1.00 USD',
        checked: true,
      },
      payable(ORANGE, 'ORANGE_MONEY_LBR', 70n, 4_070n, 4_000n),
    ]);
    expect(details).toMatchObject({ status: 'AWAITING_APPROVAL', rejected: 1 });
  });

  it('asks for each phone once, and for the fee once per operator, currency and amount', async () => {
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: MTN, amount: '100.00' },
      { phone: MTN_2, amount: '100.00' },
      { phone: ORANGE, amount: '100.00' },
      { phone: MTN_2, amount: '60.00' },
      { phone: MTN_2, amount: '100.00', currency: 'LRD' },
    ]);

    await preflight.run(id, maker, now);

    expect(dollr.operatorCalls.map((q) => q.phone).sort()).toEqual([MTN, ORANGE, MTN_2].sort());
    expect(feeKeys()).toEqual([
      'MTN_MOMO_LBR LRD 100.00',
      'MTN_MOMO_LBR USD 100.00',
      'MTN_MOMO_LBR USD 60.00',
      'ORANGE_MONEY_LBR USD 100.00',
    ]);
    expect((await paymentsOf(id)).map((p) => p.feeMinor)).toEqual([
      130n,
      130n,
      130n,
      130n,
      90n,
      130n,
    ]);
  });

  it('takes the method the file named without asking Dollr for the operator', async () => {
    const id = await storeBatch([{ phone: MTN, amount: '100.00', method: 'ORANGE_MONEY_LBR' }]);

    await preflight.run(id, maker, now);

    expect(dollr.operatorCalls).toEqual([]);
    expect(feeKeys()).toEqual(['ORANGE_MONEY_LBR USD 100.00']);
    expect(await checks(id)).toEqual([payable(MTN, 'ORANGE_MONEY_LBR', 130n, 10_130n, 10_000n)]);
  });

  it('reports its progress before it starts and as it goes', async () => {
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: ORANGE, amount: '40.00' },
    ]);
    const progress: PreflightProgress[] = [];

    await preflight.run(id, maker, now, (p) => progress.push(p));

    expect(progress).toEqual([
      { checked: 0, total: 2 },
      { checked: 2, total: 2 },
    ]);
  });
});

describe('pre-flight when Dollr cannot answer', () => {
  const badGateway = new DollrServerError(3, 'Bad Gateway', {
    operation: 'predictions.mmoProviderInfo',
    status: 502,
  });

  it('keeps what it checked, leaves the rest unchecked and the batch a draft, and says how far it got', async () => {
    dollr.phoneFailures.set(ORANGE, badGateway);
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: ORANGE, amount: '40.00' },
      { phone: MTN_2, amount: '60.00' },
    ]);

    await expect(preflight.run(id, maker, now)).rejects.toMatchObject({
      code: 'DOLLR_UNAVAILABLE',
      status: 503,
      details: { batchId: id, checked: 2, total: 3 },
      message:
        'Pre-flight checked 2 of 3 payment(s); Dollr could not answer for the other 1 ' +
        `(${badGateway.message}). What was checked is kept: run the pre-flight again to go on.`,
    });

    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
      unchecked(ORANGE),
      payable(MTN_2, 'MTN_MOMO_LBR', 90n, 6_090n, 6_000n),
    ]);
    expect(await batchRow(id)).toMatchObject({ status: 'DRAFT', preflightAt: null });
    expect((await queries.details(id)).preflight).toMatchObject({ checked: 2, total: 3 });
  });

  it('goes on from where it stopped, asking Dollr only about the payments not checked yet', async () => {
    dollr.phoneFailures.set(ORANGE, badGateway);
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: ORANGE, amount: '40.00' },
    ]);
    await expect(preflight.run(id, maker, now)).rejects.toMatchObject({
      code: 'DOLLR_UNAVAILABLE',
    });
    useDollr(new FakeDollr());
    const progress: PreflightProgress[] = [];

    const details = await preflight.run(id, maker, now, (p) => progress.push(p));

    expect(dollr.operatorCalls).toEqual([{ phone: ORANGE, operation_type: 'PAYOUT' }]);
    expect(feeKeys()).toEqual(['ORANGE_MONEY_LBR USD 40.00']);
    expect(progress).toEqual([
      { checked: 1, total: 2 },
      { checked: 2, total: 2 },
    ]);
    expect(details.status).toBe('AWAITING_APPROVAL');
    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
      payable(ORANGE, 'ORANGE_MONEY_LBR', 70n, 4_070n, 4_000n),
    ]);
  });

  it('leaves a payment unchecked when its fee prediction times out', async () => {
    const timeout = new DollrUnavailableError(3, 'no answer within 30000 ms', {
      operation: 'predictions.amountAndFees',
    });
    dollr.amountFailures.set('40.00', timeout);
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: ORANGE, amount: '40.00' },
    ]);

    await expect(preflight.run(id, maker, now)).rejects.toMatchObject({
      code: 'DOLLR_UNAVAILABLE',
      details: { batchId: id, checked: 1, total: 2 },
      message: expect.stringContaining(timeout.message) as unknown,
    });

    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
      unchecked(ORANGE),
    ]);
    expect(await batchRow(id)).toMatchObject({ status: 'DRAFT' });
  });

  it('stops asking after a long run of payments Dollr could not answer for', async () => {
    dollr.operatorOutage = badGateway;
    // More than a page (200): the run stops between pages, once Dollr failed 20 in a row.
    const size = 300;
    const id = await storeBatch(
      Array.from({ length: size }, (_, i) => ({
        phone: `2318870${String(i).padStart(5, '0')}`,
        amount: '10.00',
      })),
    );

    await expect(preflight.run(id, maker, now)).rejects.toMatchObject({
      code: 'DOLLR_UNAVAILABLE',
      details: { batchId: id, checked: 0, total: size },
    });

    expect(dollr.operatorCalls.length).toBeGreaterThan(0);
    expect(dollr.operatorCalls.length).toBeLessThan(size);
    expect((await queries.details(id)).preflight).toMatchObject({ checked: 0, total: size });
  });
});

describe('running pre-flight again', () => {
  it('checks every payment again on a batch awaiting approval, asking the operator only of those it rejected', async () => {
    const id = await storeBatch([
      { phone: MTN, amount: '100.00' },
      { phone: NO_NETWORK, amount: '60.00' },
    ]);
    await preflight.run(id, maker, now);
    useDollr(new FakeDollr());
    dollr.networks.set('23133', 'MTN_MOMO_LBR');
    const later = new Date(now.getTime() + 3_600_000);

    const details = await preflight.run(id, maker, later);

    expect(dollr.operatorCalls).toEqual([{ phone: NO_NETWORK, operation_type: 'PAYOUT' }]);
    expect(feeKeys()).toEqual(['MTN_MOMO_LBR USD 100.00', 'MTN_MOMO_LBR USD 60.00']);
    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
      payable(NO_NETWORK, 'MTN_MOMO_LBR', 90n, 6_090n, 6_000n),
    ]);
    expect((await paymentsOf(id)).map((p) => [p.statusChangedAt, p.preflightAt])).toEqual([
      [created, later],
      [later, later],
    ]);
    expect(details).toMatchObject({
      status: 'AWAITING_APPROVAL',
      rejected: 0,
      preflight: { at: later.toISOString(), checked: 2, total: 2 },
    });
  });

  it.each<BatchStatus>(['APPROVED', 'RUNNING', 'CANCELED'])(
    'refuses a batch that is %s, without asking Dollr or touching its payments',
    async (status) => {
      const id = await storeBatch([{ phone: MTN, amount: '100.00' }], { status });

      await expect(preflight.run(id, maker, now)).rejects.toMatchObject({
        code: 'BATCH_STATE',
        status: 409,
        message: `Batch ${id} is ${status}; it cannot run a pre-flight.`,
      });

      expect(dollr.operatorCalls).toEqual([]);
      expect(dollr.feeCalls).toEqual([]);
      expect(await checks(id)).toEqual([unchecked(MTN)]);
      expect(await batchRow(id)).toMatchObject({ status, preflightAt: null });
    },
  );

  it('refuses a batch that does not exist', async () => {
    await expect(preflight.run(999_999, maker, now)).rejects.toMatchObject({
      code: 'BATCH_NOT_FOUND',
      status: 404,
    });
  });
});

describe('pre-flight of an invoice batch', () => {
  it('predicts collections, with the fee bearer each invoice names', async () => {
    const id = await storeBatch(
      [
        { phone: MTN, amount: '100.00', feeBearer: 'PAYEE' },
        { phone: ORANGE, amount: '40.00', feeBearer: 'PAYER' },
      ],
      { kind: 'INVOICE' },
    );

    const details = await preflight.run(id, maker, now);

    expect(dollr.operatorCalls.map((q) => q.operation_type)).toEqual(['COLLECTION', 'COLLECTION']);
    expect(
      dollr.feeCalls.map((q) => [q.base_amount, q.operation_type, q.fee_bearer]).sort(),
    ).toEqual([
      ['100.00', 'COLLECTION', 'PAYEE'],
      ['40.00', 'COLLECTION', 'PAYER'],
    ]);
    expect(await checks(id)).toEqual([
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_000n, 9_870n),
      payable(ORANGE, 'ORANGE_MONEY_LBR', 70n, 4_070n, 4_000n),
    ]);
    expect(details.status).toBe('AWAITING_APPROVAL');
  });

  it('lets a customer whose phone Dollr cannot prompt pay by link, and rejects one without a phone', async () => {
    const id = await storeBatch(
      [
        { phone: NO_NETWORK, amount: '60.00' },
        { phone: '', amount: '25.00' },
        { phone: MTN, amount: '100.00' },
      ],
      { kind: 'INVOICE' },
    );

    const details = await preflight.run(id, maker, now);

    const noPhone =
      'Dollr cannot register this customer: the customer has no phone number, ' +
      'and Dollr registers every customer by phone';
    expect(await checks(id)).toEqual([
      { ...unchecked(NO_NETWORK), checked: true },
      { ...unchecked(''), status: 'REJECTED', reason: noPhone, checked: true },
      payable(MTN, 'MTN_MOMO_LBR', 130n, 10_130n, 10_000n),
    ]);
    expect(dollr.operatorCalls.map((q) => q.phone).sort()).toEqual([MTN, NO_NETWORK].sort());
    expect(feeKeys()).toEqual(['MTN_MOMO_LBR USD 100.00']);
    expect(details.invoices?.map((i) => [i.phone, i.collection, i.paymentStatus])).toEqual([
      [NO_NETWORK, 'PAYMENT_LINK', 'PENDING'],
      [null, 'PAYMENT_LINK', 'REJECTED'],
      [MTN, 'MOBILE_MONEY', 'PENDING'],
    ]);
    expect(details).toMatchObject({ status: 'AWAITING_APPROVAL', rejected: 1 });
  });
});
