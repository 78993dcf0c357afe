import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, MoreThan } from 'typeorm';
import { type Actor, SYSTEM_ACTOR } from '../auth/actor';
import { redactText } from '../common/redact';
import { WORKER_ID } from '../common/worker-id';
import { AppConfig } from '../config/app-config';
import { sqlValue } from '../database/sql-values';
import { DollrClient } from '../dollr/dollr.client';
import { DollrError } from '../dollr/errors';
import { mmoRouting } from '../dollr/mmo-routing';
import type { FeeBearer, GatewayProvider, PaymentMethod } from '../dollr/types';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { fromMinorUnits, toMinorUnits } from '../money/amount';
import { AppError } from '../common/app-error';
import { batchState } from './batch-errors';
import { lockBatch } from './batch-records';
import { BatchLifecycle } from './batch-lifecycle';
import { type BatchDetails, BatchQueries } from './batch-queries';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { BatchEntity } from './entities/batch.entity';
import { FeePredictionEntity } from './entities/fee-prediction.entity';

interface Route {
  readonly method: PaymentMethod;
  readonly provider: GatewayProvider;
}

/** What pre-flight learned of one payment: checked, refused, or (Dollr unavailable) nothing yet. */
type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'refused'; reason: string }
  | { kind: 'unavailable'; reason: string };

interface Fees {
  readonly fee: bigint;
  readonly payer: bigint;
  readonly payee: bigint;
}

/** How far a pre-flight has got: payments checked (or rejected) out of those in the batch. */
export interface PreflightProgress {
  readonly checked: number;
  readonly total: number;
}

/** How a run goes: a person's (the default) or the service's continuing one left unfinished. */
export interface PreflightRunOptions {
  /**
   * The service going on with a pre-flight that stopped part-way: it takes the batch's pre-flight
   * only when no other run holds it, checks only payments not checked yet (none left: nothing to
   * do), and stops between pages once `budgetMs` has passed. Null when it did not run.
   */
  readonly continuation?: { readonly budgetMs: number };
}

/** Fee predictions are made without an owner: Dollr prices them at the merchant's own tier. */
const MERCHANT_FEE_TIER = 'MERCHANT';

/** Payments checked per transaction, and the Dollr answers kept for reuse within one run. */
const PAGE_SIZE = 200;
const MAX_REMEMBERED = 10_000;
/** After this many payments in a row that Dollr could not answer for, the run stops early. */
const UNAVAILABLE_STREAK = 20;
/** Most passes over the payments Dollr could not answer for, within one run. */
const MAX_SWEEPS = 5;

/**
 * Before approval: each payee's phone resolved to a Dollr method and provider, fees predicted
 * (one call per distinct method, currency and amount), totals per currency. Payments Dollr cannot
 * make (unsupported operator, amount below a minimum) are REJECTED with the reason and leave the
 * batch.
 *
 * Invoice batches resolve the customer's phone for a COLLECTION. A customer whose number Dollr
 * cannot prompt for mobile money pays through the invoice's payment link instead (no method, no
 * fee prediction: the customer chooses how to pay on the hosted page). A customer without a phone
 * cannot be registered on Dollr (a party needs one): that invoice is REJECTED.
 *
 * It goes a page of payments at a time and records each payment as it is checked, so nothing of
 * the batch is held in memory at once and a run stopped midway (Dollr unavailable after the
 * client's retries, a crash) keeps what it learned: the next run goes on with the payments not
 * checked yet. Only once every payment is checked (or rejected) does the batch await approval.
 */
@Injectable()
export class PreflightService {
  private readonly logger = new Logger(PreflightService.name);
  private readonly feeTtlMs: number;
  /** How long a run holds the batch's pre-flight without renewing it (renewed each page). */
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dollr: DollrClient,
    private readonly batches: BatchQueries,
    private readonly lifecycle: BatchLifecycle,
    config: AppConfig,
  ) {
    this.feeTtlMs = config.batches.feePredictionTtlMs;
    this.leaseMs = 4 * config.dollr.timeoutMs + 60_000;
  }

  run(
    batchId: number,
    actor: Actor,
    now?: Date,
    onProgress?: (progress: PreflightProgress) => void,
  ): Promise<BatchDetails>;
  run(
    batchId: number,
    actor: Actor,
    now: Date | undefined,
    onProgress: ((progress: PreflightProgress) => void) | undefined,
    options: PreflightRunOptions,
  ): Promise<BatchDetails | null>;
  async run(
    batchId: number,
    actor: Actor,
    now = new Date(),
    onProgress: (progress: PreflightProgress) => void = () => undefined,
    options: PreflightRunOptions = {},
  ): Promise<BatchDetails | null> {
    const batch = await this.batches.get(batchId);
    if (batch.status !== 'DRAFT' && batch.status !== 'AWAITING_APPROVAL') {
      if (options.continuation !== undefined) return null;
      throw batchState(batchId, batch.status, 'run a pre-flight');
    }
    const repo = this.dataSource.getRepository(PaymentEntity);
    const inScope = { batchId, status: In(['PENDING', 'REJECTED']) };
    const uncheckedCount = (): Promise<number> =>
      repo.countBy({ ...inScope, preflightAt: IsNull() });
    const taken = await this.takeLease(batchId, now, options.continuation !== undefined);
    if (taken === null) return null;
    let lease = taken;
    let retaken = false;
    const startedAt = Date.now();
    const clock = (): Date => new Date(now.getTime() + (Date.now() - startedAt));
    let released = false;
    try {
      const total = await repo.countBy(inScope);
      if ((await uncheckedCount()) === 0) {
        if (options.continuation !== undefined) return null;
        // Every payment was checked by an earlier run: this one checks them all again.
        await repo.update(inScope, { preflightAt: null });
      }
      onProgress({ checked: total - (await uncheckedCount()), total });
      const invoiceBatch = batch.kind === 'INVOICE';
      const operation = invoiceBatch ? 'COLLECTION' : 'PAYOUT';
      const check = new PaymentCheck(this.dollr, operation, (key, ask) =>
        this.storedFees(key, ask, now),
      );

      let afterId = 0;
      let unavailableStreak = 0;
      let firstUnavailable: string | null = null;
      let sweep = { number: 1, checked: 0, unavailable: 0 };
      for (;;) {
        const page = await repo.find({
          where: { ...inScope, preflightAt: IsNull(), id: MoreThan(afterId) },
          order: { id: 'ASC' },
          take: PAGE_SIZE,
        });
        if (page.length === 0) {
          // The payees Dollr could not answer for (after the client's retries) are asked again
          // in another sweep, as long as the last one got further: a passing outage, or a few
          // unlucky answers among thousands, need no second run.
          if (sweep.unavailable === 0 || sweep.checked === 0 || sweep.number >= MAX_SWEEPS) break;
          sweep = { number: sweep.number + 1, checked: 0, unavailable: 0 };
          afterId = 0;
          continue;
        }
        afterId = page[page.length - 1]?.id ?? afterId;
        const feeBearers = invoiceBatch
          ? await this.feeBearers(page)
          : new Map<number, FeeBearer>();
        const accounts = await this.activeAccounts(page, batch.relationshipType, operation);
        const checked = await Promise.all(
          page.map(async (payment) => ({
            payment,
            ...(await check.payment(
              payment,
              feeBearers.get(payment.id) ?? 'PAYER',
              accounts.get(accountKey(payment.externalRef, payment.phone)),
            )),
          })),
        );
        let recorded = await this.record(checked, invoiceBatch, now, batchId, lease);
        if (recorded === 'lease-lost' && options.continuation === undefined) {
          // A person's run whose lease ran out during a slow page takes it back (see below).
          lease = (await this.takeLease(batchId, clock(), false)) ?? lease;
          retaken = true;
          recorded = await this.record(checked, invoiceBatch, now, batchId, lease);
        }
        if (recorded !== 'recorded') {
          released = recorded === 'lease-lost';
          if (options.continuation !== undefined) return null;
          const current = await this.batches.get(batchId);
          throw batchState(batchId, current.status, 'run a pre-flight');
        }
        for (const { route, fees } of checked) {
          const unavailable = [route, fees].find((o) => o?.kind === 'unavailable');
          if (unavailable?.kind === 'unavailable') {
            unavailableStreak += 1;
            sweep.unavailable += 1;
            firstUnavailable ??= unavailable.reason;
          } else {
            unavailableStreak = 0;
            sweep.checked += 1;
          }
        }
        onProgress({ checked: total - (await uncheckedCount()), total });
        if (unavailableStreak >= UNAVAILABLE_STREAK) break;
        if (!(await this.renewLease(batchId, lease, clock()))) {
          // Another run took this batch's pre-flight over. The service's run gives way; a
          // person's takes it back (its lease ran out during a slow page and the service stepped
          // in, or a second person started one) and goes on: the other stops at its next page.
          if (options.continuation !== undefined) {
            released = true;
            return null;
          }
          lease = (await this.takeLease(batchId, clock(), false)) ?? lease;
          retaken = true;
        }
        if (
          options.continuation !== undefined &&
          Date.now() - startedAt >= options.continuation.budgetMs
        ) {
          break;
        }
      }

      const unchecked = await uncheckedCount();
      released = true;
      const stillOurs = await this.releaseLease(batchId, lease);
      if (unchecked === 0) {
        if (stillOurs && !(retaken && (await this.submittedSince(batchId, now)))) {
          await this.lifecycle.submitForApproval(batchId, now, actor);
        }
      } else if (firstUnavailable !== null) {
        throw new AppError(
          'DOLLR_UNAVAILABLE',
          `Pre-flight checked ${total - unchecked} of ${total} payment(s); Dollr could not answer for the other ${unchecked} (${firstUnavailable}). What was checked is kept: run the pre-flight again to go on.`,
          503,
          { batchId, checked: total - unchecked, total },
        );
      }
      return await this.batches.details(batchId);
    } finally {
      if (!released) await this.releaseLease(batchId, lease);
    }
  }

  /**
   * The service's part: goes on with pre-flights that were started and stopped part-way (Dollr
   * unavailable, a crash, a command interrupted), oldest batch first, for about `budgetMs`. A
   * batch whose pre-flight another run (a person's, another replica's) holds is left to it.
   */
  async continueUnfinished(
    now = new Date(),
    budgetMs = 20_000,
  ): Promise<{ continued: number; finished: number; unavailable: number }> {
    const startedAt = Date.now();
    const counts = { continued: 0, finished: 0, unavailable: 0 };
    const rows = await this.dataSource.query<{ id: number | string }[]>(
      `SELECT b.id FROM batches b
       WHERE b.status IN ('DRAFT', 'AWAITING_APPROVAL')
         AND b.preflight_started_at IS NOT NULL AND b.expires_at > ?
         AND (b.preflight_lease_owner IS NULL OR b.preflight_lease_expires_at < ?)
         AND EXISTS (SELECT 1 FROM payments p
                     WHERE p.batch_id = b.id AND p.status IN ('PENDING', 'REJECTED')
                       AND p.preflight_at IS NULL)
       ORDER BY b.id
       LIMIT 20`,
      [this.at(now), this.at(now)],
    );
    for (const { id } of rows) {
      const elapsed = Date.now() - startedAt;
      if (counts.continued > 0 && elapsed >= budgetMs) break;
      try {
        const details = await this.run(
          Number(id),
          SYSTEM_ACTOR,
          new Date(now.getTime() + elapsed),
          undefined,
          { continuation: { budgetMs: budgetMs - elapsed } },
        );
        if (details === null) continue;
        counts.continued += 1;
        if (details.preflight.checked === details.preflight.total) counts.finished += 1;
      } catch (error) {
        counts.continued += 1;
        if (error instanceof AppError && error.code === 'DOLLR_UNAVAILABLE') {
          counts.unavailable += 1;
        } else {
          // One batch's trouble (canceled or expired meanwhile, say) must not stop the others'.
          this.logger.warn(
            `Pre-flight of batch ${id} could not go on: ${redactText((error as Error).message)}`,
          );
        }
      }
    }
    return counts;
  }

  /**
   * Takes this batch's pre-flight for a run; records when a pre-flight was first started. A
   * person's run takes it over from any other run (which stops at its next page); the service's
   * continuation takes it only when no run holds it. Returns the lease's token, or null.
   */
  private async takeLease(batchId: number, now: Date, onlyIfFree: boolean): Promise<string | null> {
    const token = `${WORKER_ID}/${randomUUID().slice(0, 8)}`;
    const query = this.dataSource
      .createQueryBuilder()
      .update(BatchEntity)
      .set({
        preflightLeaseOwner: token,
        preflightLeaseExpiresAt: new Date(now.getTime() + this.leaseMs),
        preflightStartedAt: () => 'COALESCE(preflight_started_at, :startedAt)',
      })
      .setParameter('startedAt', this.at(now))
      .where('id = :id', { id: batchId });
    if (onlyIfFree) {
      query.andWhere('(preflight_lease_owner IS NULL OR preflight_lease_expires_at < :now)', {
        now: this.at(now),
      });
    }
    const result = await query.execute();
    return (result.affected ?? 0) > 0 ? token : null;
  }

  private async renewLease(batchId: number, token: string, now: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(BatchEntity)
      .update(
        { id: batchId, preflightLeaseOwner: token },
        { preflightLeaseExpiresAt: new Date(now.getTime() + this.leaseMs) },
      );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Whether another run submitted the batch for approval after this one started (the run that
   * had taken this one's pre-flight over while its lease had run out): it is not submitted twice.
   */
  private async submittedSince(batchId: number, runStartedAt: Date): Promise<boolean> {
    const batch = await this.dataSource
      .getRepository(BatchEntity)
      .findOne({ select: { id: true, preflightAt: true }, where: { id: batchId } });
    return (batch?.preflightAt?.getTime() ?? 0) >= runStartedAt.getTime();
  }

  /** Lets go of the batch's pre-flight; false when another run had taken it over. */
  private async releaseLease(batchId: number, token: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(BatchEntity)
      .update(
        { id: batchId, preflightLeaseOwner: token },
        { preflightLeaseOwner: null, preflightLeaseExpiresAt: null },
      );
    return (result.affected ?? 0) > 0;
  }

  private at(date: Date): unknown {
    return sqlValue(this.dataSource, BatchEntity, 'preflightLeaseExpiresAt', date);
  }

  /**
   * The method and provider of each payee's active Dollr payment account for this operation, by
   * external ref and phone: such a payee is paid through that account, so Dollr is not asked to
   * predict its operator again.
   */
  private async activeAccounts(
    page: readonly PaymentEntity[],
    relationshipType: string,
    operation: 'PAYOUT' | 'COLLECTION',
  ): Promise<Map<string, Route>> {
    const refs = [...new Set(page.map((p) => p.externalRef))];
    const routes = new Map<string, Route>();
    if (refs.length === 0) return routes;
    const rows = await this.dataSource.query<
      { external_ref: string; phone: string; method: string; provider: string }[]
    >(
      `SELECT pe.external_ref, a.phone, a.method, a.provider
       FROM payment_accounts a JOIN payees pe ON pe.id = a.payee_id
       WHERE pe.relationship_type = ? AND a.operation_type = ? AND a.is_active = ?
         AND pe.external_ref IN (${refs.map(() => '?').join(', ')})
       ORDER BY a.created_at, a.id`,
      [relationshipType, operation, 1, ...refs],
    );
    for (const row of rows) {
      // The most recently created account wins, should a phone have accounts of two methods.
      routes.set(accountKey(row.external_ref, row.phone), {
        method: row.method as PaymentMethod,
        provider: row.provider as GatewayProvider,
      });
    }
    return routes;
  }

  /**
   * A fee prediction younger than FEE_PREDICTION_TTL_HOURS is taken from the table; otherwise
   * Dollr is asked and its answer stored for the next pre-flights.
   */
  private async storedFees(
    key: FeeKey,
    ask: () => Promise<Outcome<Fees>>,
    now: Date,
  ): Promise<Outcome<Fees>> {
    if (this.feeTtlMs <= 0) return ask();
    const repo = this.dataSource.getRepository(FeePredictionEntity);
    const where = {
      operationType: key.operation,
      method: key.method,
      provider: key.provider,
      currency: key.currency,
      amountMinor: key.amountMinor,
      feeBearer: key.feeBearer,
      feeTier: MERCHANT_FEE_TIER,
    };
    const stored = await repo.findOneBy(where);
    if (stored !== null && now.getTime() - stored.learnedAt.getTime() < this.feeTtlMs) {
      return {
        kind: 'ok',
        value: {
          fee: stored.feeMinor,
          payer: stored.payerAmountMinor,
          payee: stored.payeeAmountMinor,
        },
      };
    }
    const outcome = await ask();
    if (outcome.kind !== 'ok') return outcome;
    const learned = {
      feeMinor: outcome.value.fee,
      payerAmountMinor: outcome.value.payer,
      payeeAmountMinor: outcome.value.payee,
      learnedAt: now,
    };
    if (stored !== null) {
      await repo.update(stored.id, learned);
    } else {
      try {
        await repo.insert({ ...where, ...learned });
      } catch {
        // Another run stored the same prediction meanwhile: this answer is as new.
        await repo.update(where, learned);
      }
    }
    return outcome;
  }

  private async feeBearers(page: readonly PaymentEntity[]): Promise<Map<number, FeeBearer>> {
    const invoices = await this.dataSource.getRepository(InvoiceEntity).find({
      select: { paymentId: true, feeBearer: true },
      where: { paymentId: In(page.map((p) => p.id)) },
    });
    return new Map(invoices.map((i) => [i.paymentId, i.feeBearer]));
  }

  /**
   * One page's findings, written together; a payment Dollr could not answer for stays unchecked.
   * Written only while this run holds the batch's pre-flight and the batch still awaits its
   * approval: a run overtaken during a slow page (another run finished, the batch was approved
   * and is being paid) must not write its stale answers over payments already on their way.
   */
  private async record(
    checked: readonly {
      payment: PaymentEntity;
      route: Outcome<Route>;
      fees: Outcome<Fees> | null;
    }[],
    invoiceBatch: boolean,
    now: Date,
    batchId: number,
    lease: string,
  ): Promise<'recorded' | 'lease-lost' | 'batch-moved-on'> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await lockBatch(manager, batchId);
      if (batch.status !== 'DRAFT' && batch.status !== 'AWAITING_APPROVAL') return 'batch-moved-on';
      if (batch.preflightLeaseOwner !== lease) return 'lease-lost';
      const unsent = (id: number) => ({ id, status: In(['PENDING', 'REJECTED']) });
      for (const { payment, route, fees } of checked) {
        if (route.kind === 'unavailable' || fees?.kind === 'unavailable') continue;
        const keptSince = payment.status === 'PENDING' ? payment.statusChangedAt : now;
        if (invoiceBatch && route.kind === 'refused' && payment.phone !== '') {
          // Not a number Dollr can prompt: the customer pays through the payment link.
          await manager.update(PaymentEntity, unsent(payment.id), {
            status: 'PENDING',
            reason: null,
            method: null,
            provider: null,
            feeMinor: null,
            payerAmountMinor: null,
            payeeAmountMinor: null,
            statusChangedAt: keptSince,
            preflightAt: now,
          });
        } else if (route.kind === 'refused') {
          await manager.update(PaymentEntity, unsent(payment.id), {
            status: 'REJECTED',
            reason: invoiceBatch
              ? `Dollr cannot register this customer: ${route.reason}`
              : `Dollr cannot pay this phone: ${route.reason}`,
            statusChangedAt: now,
            preflightAt: now,
          });
        } else if (fees === null || fees.kind !== 'ok') {
          await manager.update(PaymentEntity, unsent(payment.id), {
            status: 'REJECTED',
            method: route.value.method,
            provider: route.value.provider,
            reason: `Dollr will not ${invoiceBatch ? 'collect' : 'pay'} this amount: ${fees?.kind === 'refused' ? fees.reason : 'no fee prediction'}`,
            statusChangedAt: now,
            preflightAt: now,
          });
        } else {
          await manager.update(PaymentEntity, unsent(payment.id), {
            status: 'PENDING',
            reason: null,
            method: route.value.method,
            provider: route.value.provider,
            feeMinor: fees.value.fee,
            payerAmountMinor: fees.value.payer,
            payeeAmountMinor: fees.value.payee,
            statusChangedAt: keptSince,
            preflightAt: now,
          });
        }
      }
      return 'recorded';
    });
  }
}

function accountKey(externalRef: string, phone: string): string {
  return `${externalRef}\u0000${phone}`;
}

/** What a fee prediction depends on (the fee tier is the merchant's own). */
interface FeeKey {
  readonly operation: 'PAYOUT' | 'COLLECTION';
  readonly method: PaymentMethod;
  readonly provider: GatewayProvider;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly feeBearer: FeeBearer;
}

/**
 * What Dollr says of one payment: its phone's method and provider (known without asking when the
 * payee has an active payment account for it), then the fees of its amount. Fee predictions are
 * shared between payments of the same method, provider, currency, amount and fee bearer within a
 * run, and across runs through `storedFees`.
 */
class PaymentCheck {
  private readonly routes = new Map<string, Promise<Outcome<Route>>>();
  private readonly fees = new Map<string, Promise<Outcome<Fees>>>();

  constructor(
    private readonly dollr: DollrClient,
    private readonly operation: 'PAYOUT' | 'COLLECTION',
    private readonly storedFees: (
      key: FeeKey,
      ask: () => Promise<Outcome<Fees>>,
    ) => Promise<Outcome<Fees>>,
  ) {}

  async payment(
    p: PaymentEntity,
    feeBearer: FeeBearer,
    account: Route | undefined,
  ): Promise<{ route: Outcome<Route>; fees: Outcome<Fees> | null }> {
    const route = await this.route(p, account);
    return {
      route,
      fees: route.kind === 'ok' ? await this.feesOf(p, route.value, feeBearer) : null,
    };
  }

  private route(p: PaymentEntity, account: Route | undefined): Promise<Outcome<Route>> {
    if (p.method !== null && p.provider !== null && p.status === 'PENDING' && p.reason === null) {
      return Promise.resolve({
        kind: 'ok',
        value: { method: p.method as PaymentMethod, provider: p.provider as GatewayProvider },
      });
    }
    if (account !== undefined && p.phone !== '') {
      return Promise.resolve({ kind: 'ok', value: account });
    }
    if (p.phone === '') {
      return Promise.resolve({
        kind: 'refused',
        reason: 'the customer has no phone number, and Dollr registers every customer by phone',
      });
    }
    return remembered(this.routes, p.phone, () =>
      settle(async () =>
        mmoRouting(
          await this.dollr.predictMmoProvider({ phone: p.phone, operation_type: this.operation }),
        ),
      ),
    );
  }

  private feesOf(p: PaymentEntity, route: Route, feeBearer: FeeBearer): Promise<Outcome<Fees>> {
    const amount = fromMinorUnits(p.amountMinor, p.currency);
    const key = `${route.method}|${route.provider}|${p.currency}|${amount}|${feeBearer}`;
    const feeKey: FeeKey = {
      operation: this.operation,
      method: route.method,
      provider: route.provider,
      currency: p.currency,
      amountMinor: p.amountMinor,
      feeBearer,
    };
    return remembered(this.fees, key, () =>
      this.storedFees(feeKey, () => this.askFees(p, route, feeBearer, amount)),
    );
  }

  private askFees(
    p: PaymentEntity,
    route: Route,
    feeBearer: FeeBearer,
    amount: string,
  ): Promise<Outcome<Fees>> {
    return settle(async () => {
      const predicted = await this.dollr.predictAmountAndFees({
        base_amount: amount,
        base_currency: p.currency,
        target_currency: p.currency,
        payment_method: route.method,
        provider: route.provider,
        operation_type: this.operation,
        fee_bearer: feeBearer,
      });
      const fee = [predicted.platform_fee, predicted.gateway_fee, predicted.fx_fee].reduce(
        (sum, part) => sum + toMinorUnits(part, p.currency),
        0n,
      );
      return {
        fee,
        payer: toMinorUnits(predicted.payer_amount, p.currency),
        payee: toMinorUnits(predicted.payee_amount, p.currency),
      };
    });
  }
}

/**
 * One Dollr answer per key within a run, shared by the payments that need it; an answer that did
 * not come is asked again by the next payment. At most MAX_REMEMBERED answers are kept.
 */
function remembered<T>(
  answers: Map<string, Promise<Outcome<T>>>,
  key: string,
  ask: () => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  let answer = answers.get(key);
  if (answer === undefined) {
    if (answers.size >= MAX_REMEMBERED) answers.clear();
    answer = ask();
    answers.set(key, answer);
    void answer.then(
      (outcome) => {
        if (outcome.kind === 'unavailable') answers.delete(key);
      },
      // The payment that asked gets the error; this handler only forgets the answer.
      () => answers.delete(key),
    );
  }
  return answer;
}

/** Runs `work`: a Dollr refusal is a reason; Dollr unavailable (after the client's retries) is
 * "not checked yet"; anything else is a bug and aborts the run. */
async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await work() };
  } catch (error) {
    if (error instanceof DollrError) {
      const reason = redactText(error.message);
      return error.temporary ? { kind: 'unavailable', reason } : { kind: 'refused', reason };
    }
    throw error;
  }
}
