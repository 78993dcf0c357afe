import { Logger } from '@nestjs/common';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import type { DollrClient } from '../dollr/dollr.client';
import { DollrUnavailableError, DollrValidationError } from '../dollr/errors';
import type { AmountAndFeesQuery, MmoProviderInfoQuery } from '../dollr/types';
import type { InvoicesService } from '../invoices/invoices.service';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { BatchFactory } from './batch-factory';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries } from './batch-queries';
import { type PreflightProgress, PreflightService } from './preflight.service';

/**
 * Pre-flight keeps what it learned: a payee Dollr could not answer for (after the client's own
 * retries) is left "not checked yet", the others are recorded, and the next run asks Dollr only
 * about those left. The batch awaits approval only once every payment is checked or rejected.
 */

const maker: Actor = { name: 'ama.mensah', role: 'cli', keyId: null };
const checker: Actor = { name: 'kofi.boateng', role: 'cli', keyId: null };

/** Dollr's predictions, with phones it cannot answer for right now and phones it refuses. */
class FakePredictions {
  readonly down = new Set<string>();
  /** Phones Dollr cannot answer for the first time only. */
  readonly downOnce = new Set<string>();
  readonly refused = new Set<string>();
  readonly routeCalls: string[] = [];
  readonly feeCalls: string[] = [];
  feesDown = false;
  /** Runs before the operator prediction is answered (what happens while Dollr is slow). */
  whileAsked: (() => Promise<void>) | undefined;

  async predictMmoProvider(query: MmoProviderInfoQuery) {
    this.routeCalls.push(query.phone);
    const meanwhile = this.whileAsked;
    this.whileAsked = undefined;
    await meanwhile?.();
    if (this.down.has(query.phone) || this.downOnce.delete(query.phone)) {
      return Promise.reject(
        new DollrUnavailableError(3, 'Dollr answered 503', {
          operation: 'predictions.mmoProviderInfo',
        }),
      );
    }
    if (this.refused.has(query.phone)) {
      return Promise.reject(
        new DollrValidationError(
          [{ loc: ['query', 'phone'], msg: 'unsupported operator', type: 'value_error' }],
          { operation: 'predictions.mmoProviderInfo', status: 422 },
        ),
      );
    }
    return Promise.resolve({ payment_method: 'MOBILE_MONEY', gateway_provider: 'MTN_LBR' });
  }

  predictAmountAndFees(query: AmountAndFeesQuery) {
    this.feeCalls.push(query.base_amount);
    if (this.feesDown) {
      return Promise.reject(
        new DollrUnavailableError(3, 'no answer within 30000 ms', {
          operation: 'predictions.amountAndFees',
        }),
      );
    }
    return Promise.resolve({
      payer_amount: (Number(query.base_amount) + 0.25).toFixed(2),
      payer_currency: 'USD',
      payee_amount: query.base_amount,
      payee_currency: 'USD',
      platform_fee: '0.10',
      gateway_fee: '0.15',
      fx_fee: '0.00',
    });
  }
}

let db: MigratedDatabase;
let factory: BatchFactory;
let lifecycle: BatchLifecycle;
let queries: BatchQueries;
let dollr: FakePredictions;
let preflight: PreflightService;

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  const config = testConfig(db.database.url);
  const audit = new AuditLog(db.dataSource);
  factory = new BatchFactory(db.dataSource, config, audit);
  queries = new BatchQueries(db.dataSource, config, {} as InvoicesService);
  lifecycle = new BatchLifecycle(db.dataSource, config, audit, queries);
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  dollr = new FakePredictions();
  preflight = new PreflightService(
    db.dataSource,
    dollr as unknown as DollrClient,
    queries,
    lifecycle,
    // Fee predictions kept across runs are specified in preflight.reuse.spec.ts.
    testConfig(db.database.url, { FEE_PREDICTION_TTL_HOURS: '0' }),
  );
});

let phoneSeed = 100_000;
/** A draft batch of payees with these amounts, each with a phone of its own. */
async function draft(amounts: readonly string[]): Promise<{ batchId: number; phones: string[] }> {
  const phones = amounts.map(() => `231770${String(phoneSeed++)}`);
  const importId = await storePayrollImport(
    db.dataSource,
    amounts.map((amount, i) => ({ amount, phone: phones[i] })),
  );
  const batch = await factory.createFromImport(importId, maker);
  return { batchId: batch.id, phones };
}

async function unchecked(batchId: number): Promise<number> {
  const payments = await db.dataSource.getRepository(PaymentEntity).findBy({ batchId });
  return payments.filter((p) => p.preflightAt === null).length;
}

describe('a pre-flight Dollr cannot finish', () => {
  it('keeps what it checked, leaves the rest "not checked yet", and goes on from there', async () => {
    const { batchId, phones } = await draft(['10.00', '20.00', '30.00', '40.00', '50.00']);
    dollr.down.add(phones[1] ?? '');
    dollr.down.add(phones[3] ?? '');

    await expect(preflight.run(batchId, maker)).rejects.toMatchObject({
      code: 'DOLLR_UNAVAILABLE',
      status: 503,
      message: expect.stringContaining('checked 3 of 5 payment(s)') as unknown,
    });
    expect(await unchecked(batchId)).toBe(2);
    const stopped = await queries.details(batchId);
    expect(stopped).toMatchObject({ status: 'DRAFT', preflight: { checked: 3, total: 5 } });

    dollr.down.clear();
    const asked = dollr.routeCalls.length;
    const done = await preflight.run(batchId, maker);

    expect(dollr.routeCalls.slice(asked).sort()).toEqual([phones[1], phones[3]].sort());
    expect(done).toMatchObject({
      status: 'AWAITING_APPROVAL',
      preflight: { checked: 5, total: 5 },
    });
    expect(done.preflight.totals).toEqual([
      expect.objectContaining({ currency: 'USD', count: 5, requested: '150.00', fees: '1.25' }),
    ]);
  });

  it('asks again, within the same run, about payees Dollr could not answer for', async () => {
    const { batchId, phones } = await draft(['10.00', '20.00', '30.00']);
    dollr.downOnce.add(phones[0] ?? '');
    dollr.downOnce.add(phones[2] ?? '');

    const done = await preflight.run(batchId, maker);

    expect(done).toMatchObject({
      status: 'AWAITING_APPROVAL',
      preflight: { checked: 3, total: 3 },
    });
    expect(dollr.routeCalls.filter((phone) => phone === phones[0])).toHaveLength(2);
    expect(dollr.routeCalls.filter((phone) => phone === phones[1])).toHaveLength(1);
  });

  it('cannot be approved until every payment is checked', async () => {
    const { batchId } = await draft(['10.00', '20.00']);
    await preflight.run(batchId, maker);
    // A new pass (pre-flight run again) that Dollr cannot finish.
    dollr.feesDown = true;
    await expect(preflight.run(batchId, maker)).rejects.toMatchObject({ status: 503 });

    await expect(lifecycle.approve(batchId, checker)).rejects.toMatchObject({
      code: 'PREFLIGHT_INCOMPLETE',
      status: 409,
    });
    dollr.feesDown = false;
    await preflight.run(batchId, maker);
    expect((await lifecycle.approve(batchId, checker)).status).toBe('APPROVED');
  });

  it('stops early when Dollr answers for nobody, rather than asking about every payee', async () => {
    const amounts = Array.from({ length: 450 }, (_, i) => `${10 + i}.00`);
    const { batchId, phones } = await draft(amounts);
    for (const phone of phones) dollr.down.add(phone);

    await expect(preflight.run(batchId, maker)).rejects.toMatchObject({ status: 503 });

    // One page, then it stopped: not 450 requests that would all fail.
    expect(dollr.routeCalls.length).toBeLessThanOrEqual(200);
    expect(await unchecked(batchId)).toBe(450);
  });
});

describe('a pre-flight overtaken while Dollr was slow', () => {
  it('writes nothing over payments another run got approved and sent meanwhile', async () => {
    const { batchId } = await draft(['10.00', '20.00']);
    // While this run waits for Dollr, another finished, the batch was approved and is being paid.
    dollr.whileAsked = async () => {
      await db.dataSource.query("UPDATE batches SET status = 'RUNNING' WHERE id = ?", [batchId]);
      await db.dataSource.query(
        "UPDATE payments SET status = 'PROCESSING', fee_minor = 99 WHERE batch_id = ?",
        [batchId],
      );
    };

    await expect(preflight.run(batchId, maker)).rejects.toMatchObject({ status: 409 });

    const payments = await db.dataSource.getRepository(PaymentEntity).findBy({ batchId });
    expect(payments.map((p) => [p.status, p.feeMinor, p.preflightAt])).toEqual([
      ['PROCESSING', 99n, null],
      ['PROCESSING', 99n, null],
    ]);
  });
});

describe('a pre-flight that goes through', () => {
  it('rejects what Dollr refuses, with the reason, and counts it as checked', async () => {
    const { batchId, phones } = await draft(['10.00', '20.00']);
    dollr.refused.add(phones[0] ?? '');

    const details = await preflight.run(batchId, maker);

    expect(details).toMatchObject({
      status: 'AWAITING_APPROVAL',
      rejected: 1,
      preflight: { checked: 2, total: 2 },
    });
    expect(details.preflight.rejections[0]?.reason).toContain('unsupported operator');
  });

  it('asks for the fees of one amount once, and reports its progress page by page', async () => {
    const { batchId } = await draft(Array<string>(250).fill('75.00'));
    const progress: PreflightProgress[] = [];

    await preflight.run(batchId, maker, new Date(), (p) => progress.push(p));

    expect(dollr.feeCalls).toEqual(['75.00']);
    expect(progress).toEqual([
      { checked: 0, total: 250 },
      { checked: 200, total: 250 },
      { checked: 250, total: 250 },
    ]);
  });

  it('checks every payment again when run again after it finished', async () => {
    const { batchId } = await draft(['10.00', '20.00']);
    await preflight.run(batchId, maker);
    const asked = dollr.feeCalls.length;

    await preflight.run(batchId, maker);

    expect(dollr.feeCalls.length - asked).toBe(2);
  });
});
