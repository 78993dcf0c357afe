import { Logger } from '@nestjs/common';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import { PayeeEntity } from '../counterparties/entities/payee.entity';
import { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import type { DollrClient } from '../dollr/dollr.client';
import { DollrUnavailableError, DollrValidationError } from '../dollr/errors';
import type { AmountAndFeesQuery, MmoProviderInfoQuery } from '../dollr/types';
import type { InvoicesService } from '../invoices/invoices.service';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { BatchFactory } from './batch-factory';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries } from './batch-queries';
import { BatchEntity } from './entities/batch.entity';
import { FeePredictionEntity } from './entities/fee-prediction.entity';
import { PreflightService } from './preflight.service';

/**
 * Pre-flight asks Dollr only what Dollr has not told it yet: a payee with an active payment
 * account is paid through that account's method and provider (no operator prediction), and fee
 * predictions are kept per (operation, method, provider, currency, amount, fee bearer, fee tier)
 * for FEE_PREDICTION_TTL_HOURS. And the service goes on with a pre-flight that stopped part-way,
 * one replica at a time.
 */

const maker: Actor = { name: 'ama.mensah', role: 'cli', keyId: null };

/** Dollr's predictions, counted; phones it cannot answer for; calls that wait to be let go. */
class CountingDollr {
  readonly routeCalls: string[] = [];
  readonly feeCalls: string[] = [];
  readonly down = new Set<string>();
  refuseFees = false;
  private gate: Promise<void> | null = null;
  private openGate: () => void = () => undefined;
  private waiters: { count: number; resolve: () => void }[] = [];
  private held = 0;

  /** Operator predictions wait from now on until `release`. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  /** Resolves once `count` operator predictions are waiting. */
  waiting(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.wake();
    });
  }

  release(): void {
    this.gate = null;
    this.held = 0;
    this.openGate();
  }

  private wake(): void {
    for (const waiter of this.waiters.filter((w) => w.count <= this.held)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => w.count > this.held);
  }

  async predictMmoProvider(query: MmoProviderInfoQuery) {
    this.routeCalls.push(query.phone);
    if (this.gate !== null) {
      this.held += 1;
      this.wake();
      await this.gate;
    }
    if (this.down.has(query.phone)) {
      throw new DollrUnavailableError(3, 'Dollr answered 503', {
        operation: 'predictions.mmoProviderInfo',
      });
    }
    return { payment_method: 'MOBILE_MONEY', gateway_provider: 'MTN_LBR' };
  }

  predictAmountAndFees(query: AmountAndFeesQuery) {
    this.feeCalls.push(query.base_amount);
    if (this.refuseFees) {
      return Promise.reject(
        new DollrValidationError(
          [{ loc: ['query', 'base_amount'], msg: 'less than minimum', type: 'value_error' }],
          { operation: 'predictions.amountAndFees', status: 422 },
        ),
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

  get requests(): number {
    return this.routeCalls.length + this.feeCalls.length;
  }
}

let db: MigratedDatabase;
let factory: BatchFactory;
let lifecycle: BatchLifecycle;
let queries: BatchQueries;

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

/** A pre-flight (one replica's) asking this Dollr, with this fee prediction lifetime. */
function preflightWith(dollr: CountingDollr, ttlHours = '24'): PreflightService {
  return new PreflightService(
    db.dataSource,
    dollr as unknown as DollrClient,
    queries,
    lifecycle,
    testConfig(db.database.url, { FEE_PREDICTION_TTL_HOURS: ttlHours }),
  );
}

// The database is shared by every test: amounts and payees are each test's own.
let serial = 0;
let cents = 10_000;

interface Payee {
  readonly externalRef: string;
  readonly phone: string;
}

function newPayees(count: number): Payee[] {
  return Array.from({ length: count }, () => {
    serial += 1;
    return { externalRef: `REUSE-${serial}`, phone: `23177${String(7_000_000 + serial)}` };
  });
}

/** Amounts no other test uses, so no fee prediction of another test is reused. */
function newAmounts(count: number): string[] {
  return Array.from({ length: count }, () => ((cents += 7) / 100).toFixed(2));
}

/** A draft batch paying these payees these amounts for `period`. */
async function draft(
  payees: readonly Payee[],
  amounts: readonly string[],
  period = '2026-11',
): Promise<number> {
  const importId = await storePayrollImport(
    db.dataSource,
    payees.map((p, i) => ({ ...p, amount: amounts[i] ?? '1.00' })),
    maker.name,
    period,
  );
  return (await factory.createFromImport(importId, maker)).id;
}

/** What the batch's run leaves behind: each payee on Dollr with an active PAYOUT account. */
async function paidThrough(batchId: number, active = true): Promise<void> {
  const payments = await db.dataSource.getRepository(PaymentEntity).findBy({ batchId });
  const now = new Date();
  for (const payment of payments) {
    const payee = await db.dataSource.getRepository(PayeeEntity).save({
      relationshipType: 'EMPLOYEE',
      externalRef: payment.externalRef,
      fullName: payment.fullName,
      phone: payment.phone,
      email: null,
      countryCode: 'LR',
      dollrPartyId: 900_000 + payment.id,
      dollrCounterpartyId: 900_000 + payment.id,
      partyCreateSentAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await db.dataSource.getRepository(PaymentAccountEntity).save({
      payeeId: payee.id,
      phone: payment.phone,
      method: payment.method ?? 'MOBILE_MONEY',
      provider: payment.provider ?? 'MTN_LBR',
      operationType: 'PAYOUT',
      dollrAccountId: 900_000 + payment.id,
      isActive: active,
      createdAt: now,
    });
  }
}

async function payments(batchId: number): Promise<PaymentEntity[]> {
  return db.dataSource
    .getRepository(PaymentEntity)
    .find({ where: { batchId }, order: { id: 'ASC' } });
}

describe('a second month of the same payroll', () => {
  it('asks Dollr nothing for payees with active accounts and amounts it predicted already', async () => {
    const dollr = new CountingDollr();
    const preflight = preflightWith(dollr);
    const staff = newPayees(6);
    const [a, b, c] = newAmounts(3);
    const salaries = [a, b, c, a, b, a].map(String);

    const november = await draft(staff, salaries, '2026-11');
    await preflight.run(november, maker);
    // One operator prediction per phone, one fee prediction per distinct amount.
    expect(dollr.routeCalls).toHaveLength(6);
    expect(dollr.feeCalls.sort()).toEqual([a, b, c].sort());
    await paidThrough(november);

    const asked = dollr.requests;
    const december = await draft(staff, salaries, '2026-12');
    const details = await preflight.run(december, maker);

    expect(dollr.requests - asked).toBe(0);
    expect(details).toMatchObject({ status: 'AWAITING_APPROVAL', preflight: { checked: 6 } });
    const checked = (p: PaymentEntity) => [
      p.method,
      p.provider,
      p.feeMinor,
      p.payerAmountMinor,
      p.payeeAmountMinor,
    ];
    expect((await payments(december)).map(checked)).toEqual(
      (await payments(november)).map(checked),
    );
  });

  it('asks only about what changed: a new payee, a raise', async () => {
    const dollr = new CountingDollr();
    const preflight = preflightWith(dollr);
    const staff = newPayees(4);
    const [base, raise] = newAmounts(2);
    const november = await draft(staff, [base, base, base, base]);
    await preflight.run(november, maker);
    await paidThrough(november);
    const routesBefore = dollr.routeCalls.length;
    const feesBefore = dollr.feeCalls.length;

    const [newcomer] = newPayees(1);
    await preflight.run(
      await draft([...staff, newcomer], [base, base, base, raise, base], '2026-12'),
      maker,
    );

    expect(dollr.routeCalls.slice(routesBefore)).toEqual([newcomer.phone]);
    expect(dollr.feeCalls.slice(feesBefore)).toEqual([raise]);
  });
});

describe('operator predictions', () => {
  it('are asked for a payee whose account Dollr deactivated, or who has a new phone', async () => {
    const dollr = new CountingDollr();
    const preflight = preflightWith(dollr);
    const [kept, deactivated, moved] = newPayees(3);
    const amounts = newAmounts(3);
    const first = await draft([deactivated], [amounts[0]]);
    await preflight.run(first, maker);
    await paidThrough(first, false);
    const second = await draft([kept, moved], [amounts[1], amounts[2]]);
    await preflight.run(second, maker);
    await paidThrough(second);
    const before = dollr.routeCalls.length;

    const movedPhone = `23188${moved.phone.slice(5)}`;
    await preflight.run(
      await draft([kept, deactivated, { ...moved, phone: movedPhone }], amounts, '2026-12'),
      maker,
    );

    expect(dollr.routeCalls.slice(before).sort()).toEqual([deactivated.phone, movedPhone].sort());
  });
});

describe('fee predictions kept across runs', () => {
  it('are reused by another batch with other payees of the same amounts', async () => {
    const dollr = new CountingDollr();
    const amounts = newAmounts(3);
    await preflightWith(dollr).run(await draft(newPayees(3), amounts), maker);
    expect(dollr.feeCalls).toHaveLength(3);

    // Another replica, the same database.
    const other = new CountingDollr();
    await preflightWith(other).run(await draft(newPayees(3), [...amounts].reverse()), maker);

    expect(other.routeCalls).toHaveLength(3);
    expect(other.feeCalls).toEqual([]);
  });

  it('are asked again once older than FEE_PREDICTION_TTL_HOURS, and the new answer kept', async () => {
    const dollr = new CountingDollr();
    const preflight = preflightWith(dollr, '24');
    const [amount] = newAmounts(1);
    const t0 = new Date('2026-11-25T08:00:00.000Z');
    await preflight.run(await draft(newPayees(1), [amount]), maker, t0);

    await preflight.run(
      await draft(newPayees(1), [amount]),
      maker,
      new Date(t0.getTime() + 23 * 3_600_000),
    );
    expect(dollr.feeCalls).toEqual([amount]);

    const dayLater = new Date(t0.getTime() + 24 * 3_600_000);
    await preflight.run(await draft(newPayees(1), [amount]), maker, dayLater);
    expect(dollr.feeCalls).toEqual([amount, amount]);
    const stored = await db.dataSource.getRepository(FeePredictionEntity).findBy({
      amountMinor: BigInt(Math.round(Number(amount) * 100)),
    });
    expect(stored).toEqual([
      expect.objectContaining({
        operationType: 'PAYOUT',
        method: 'MOBILE_MONEY',
        provider: 'MTN_LBR',
        currency: 'USD',
        feeBearer: 'PAYER',
        feeTier: 'MERCHANT',
        feeMinor: 25n,
        learnedAt: dayLater,
      }),
    ]);
  });

  it('are not kept with FEE_PREDICTION_TTL_HOURS=0', async () => {
    const dollr = new CountingDollr();
    const preflight = preflightWith(dollr, '0');
    const [amount] = newAmounts(1);

    await preflight.run(await draft(newPayees(1), [amount]), maker);
    await preflight.run(await draft(newPayees(1), [amount]), maker);

    expect(dollr.feeCalls).toEqual([amount, amount]);
  });

  it('keeps no refusal: an amount Dollr refused is asked about again', async () => {
    const dollr = new CountingDollr();
    const preflight = preflightWith(dollr);
    const [amount] = newAmounts(1);
    dollr.refuseFees = true;
    await preflight.run(await draft(newPayees(1), [amount]), maker);
    dollr.refuseFees = false;

    const details = await preflight.run(await draft(newPayees(1), [amount]), maker);

    expect(dollr.feeCalls).toEqual([amount, amount]);
    expect(details.rejected).toBe(0);
  });
});

describe('the service going on with an unfinished pre-flight', () => {
  /** A batch whose pre-flight a person started and Dollr could not finish: `left` unchecked. */
  async function stopped(
    dollr: CountingDollr,
    count: number,
    left: number,
  ): Promise<{ batchId: number; phones: string[] }> {
    const staff = newPayees(count);
    const batchId = await draft(staff, newAmounts(count));
    const phones = staff.slice(count - left).map((p) => p.phone);
    for (const phone of phones) dollr.down.add(phone);
    await expect(preflightWith(dollr).run(batchId, maker)).rejects.toMatchObject({
      code: 'DOLLR_UNAVAILABLE',
    });
    dollr.down.clear();
    return { batchId, phones };
  }

  async function uncheckedOf(batchId: number): Promise<number> {
    return (await payments(batchId)).filter((p) => p.preflightAt === null).length;
  }

  it('asks only about the payments not checked yet, and submits the batch for approval', async () => {
    const dollr = new CountingDollr();
    const { batchId, phones } = await stopped(dollr, 5, 2);
    const asked = dollr.routeCalls.length;

    const counts = await preflightWith(dollr).continueUnfinished();

    expect(counts).toMatchObject({ continued: 1, finished: 1 });
    expect(dollr.routeCalls.slice(asked).sort()).toEqual([...phones].sort());
    expect(await queries.details(batchId)).toMatchObject({
      status: 'AWAITING_APPROVAL',
      preflight: { checked: 5, total: 5 },
    });
    const audit = await db.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ subjectId: batchId, action: 'batch.preflight' });
    expect(audit.map((e) => e.actor)).toEqual(['system']);
  });

  it('leaves alone batches whose pre-flight nobody started, and those it finished', async () => {
    const dollr = new CountingDollr();
    const neverStarted = await draft(newPayees(2), newAmounts(2));
    const { batchId } = await stopped(dollr, 2, 1);
    await preflightWith(dollr).continueUnfinished();
    const asked = dollr.requests;

    const again = await preflightWith(dollr).continueUnfinished();

    expect(again).toMatchObject({ continued: 0 });
    expect(dollr.requests).toBe(asked);
    expect(await uncheckedOf(neverStarted)).toBe(2);
    expect((await queries.details(batchId)).status).toBe('AWAITING_APPROVAL');
  });

  it('keeps within its time budget, a page at a time, and goes on at the next call', async () => {
    const dollr = new CountingDollr();
    const { batchId } = await stopped(dollr, 450, 450);
    expect(await uncheckedOf(batchId)).toBe(450);

    await preflightWith(dollr).continueUnfinished(new Date(), 1);
    expect(await uncheckedOf(batchId)).toBe(250);
    await preflightWith(dollr).continueUnfinished(new Date(), 1);
    await preflightWith(dollr).continueUnfinished(new Date(), 1);

    expect(await uncheckedOf(batchId)).toBe(0);
    expect((await queries.details(batchId)).status).toBe('AWAITING_APPROVAL');
  });

  it('is done by one replica at a time: each payment is asked about once', async () => {
    const dollr = new CountingDollr();
    const { batchId, phones } = await stopped(dollr, 4, 3);
    const asked = dollr.routeCalls.length;
    dollr.hold();

    const first = preflightWith(dollr).continueUnfinished();
    await dollr.waiting(3);
    const second = await preflightWith(dollr).continueUnfinished();
    dollr.release();

    expect(second).toMatchObject({ continued: 0 });
    expect(await first).toMatchObject({ continued: 1, finished: 1 });
    expect(dollr.routeCalls.slice(asked).sort()).toEqual([...phones].sort());
    expect((await queries.details(batchId)).status).toBe('AWAITING_APPROVAL');
  });

  it("does not stop a person's run whose lease ran out during a slow page", async () => {
    const dollr = new CountingDollr();
    const { batchId } = await stopped(dollr, 3, 2);
    dollr.hold();
    const person = preflightWith(dollr).run(batchId, maker);
    await dollr.waiting(2);
    await db.dataSource
      .getRepository(BatchEntity)
      .update(batchId, { preflightLeaseExpiresAt: new Date(Date.now() - 1_000) });
    const background = preflightWith(dollr).continueUnfinished();
    await dollr.waiting(4);
    dollr.release();

    expect(await person).toMatchObject({ status: 'AWAITING_APPROVAL' });
    await background;
    // Whichever of the two checked the last page submitted the batch, once.
    const audit = await db.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ subjectId: batchId, action: 'batch.preflight' });
    expect(audit).toHaveLength(1);
  });

  it("gives way to a person's run, which finishes the batch once", async () => {
    const dollr = new CountingDollr();
    const { batchId } = await stopped(dollr, 3, 2);
    dollr.hold();
    const background = preflightWith(dollr).continueUnfinished();
    await dollr.waiting(2);

    // The person's run has taken the batch over once it, too, is waiting for Dollr.
    const person = preflightWith(dollr).run(batchId, maker);
    await dollr.waiting(4);
    dollr.release();

    expect(await person).toMatchObject({ status: 'AWAITING_APPROVAL' });
    expect(await background).toMatchObject({ finished: 0 });
    const audit = await db.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ subjectId: batchId, action: 'batch.preflight' });
    expect(audit.map((e) => e.actor)).toEqual([maker.name]);
    const batch = await db.dataSource.getRepository(BatchEntity).findOneByOrFail({ id: batchId });
    expect(batch.preflightLeaseOwner).toBeNull();
  });
});
