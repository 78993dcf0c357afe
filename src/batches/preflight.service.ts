import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, MoreThan } from 'typeorm';
import type { Actor } from '../auth/actor';
import { redactText } from '../common/redact';
import { DollrClient } from '../dollr/dollr.client';
import { DollrError } from '../dollr/errors';
import { mmoRouting } from '../dollr/mmo-routing';
import type { FeeBearer, GatewayProvider, PaymentMethod } from '../dollr/types';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { fromMinorUnits, toMinorUnits } from '../money/amount';
import { AppError } from '../common/app-error';
import { batchState } from './batch-errors';
import { BatchLifecycle } from './batch-lifecycle';
import { type BatchDetails, BatchQueries } from './batch-queries';
import { PaymentEntity } from '../payments/entities/payment.entity';

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

/** Payments checked per transaction, and the Dollr answers kept for reuse within one run. */
const PAGE_SIZE = 200;
const MAX_REMEMBERED = 10_000;
/** After this many payments in a row that Dollr could not answer for, the run stops early. */
const UNAVAILABLE_STREAK = 20;

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dollr: DollrClient,
    private readonly batches: BatchQueries,
    private readonly lifecycle: BatchLifecycle,
  ) {}

  async run(
    batchId: number,
    actor: Actor,
    now = new Date(),
    onProgress: (progress: PreflightProgress) => void = () => undefined,
  ): Promise<BatchDetails> {
    const batch = await this.batches.get(batchId);
    if (batch.status !== 'DRAFT' && batch.status !== 'AWAITING_APPROVAL') {
      throw batchState(batchId, batch.status, 'run a pre-flight');
    }
    const repo = this.dataSource.getRepository(PaymentEntity);
    const inScope = { batchId, status: In(['PENDING', 'REJECTED']) };
    const total = await repo.countBy(inScope);
    if ((await repo.countBy({ ...inScope, preflightAt: IsNull() })) === 0) {
      // Every payment was checked by an earlier run: this one checks them all again.
      await repo.update(inScope, { preflightAt: null });
    }
    onProgress({
      checked: total - (await repo.countBy({ ...inScope, preflightAt: IsNull() })),
      total,
    });
    const invoiceBatch = batch.kind === 'INVOICE';
    const check = new PaymentCheck(this.dollr, invoiceBatch ? 'COLLECTION' : 'PAYOUT');

    let afterId = 0;
    let unavailableStreak = 0;
    let firstUnavailable: string | null = null;
    for (;;) {
      const page = await repo.find({
        where: { ...inScope, preflightAt: IsNull(), id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: PAGE_SIZE,
      });
      if (page.length === 0) break;
      afterId = page[page.length - 1]?.id ?? afterId;
      const feeBearers = invoiceBatch ? await this.feeBearers(page) : new Map<number, FeeBearer>();
      const checked = await Promise.all(
        page.map(async (payment) => ({
          payment,
          ...(await check.payment(payment, feeBearers.get(payment.id) ?? 'PAYER')),
        })),
      );
      await this.record(checked, invoiceBatch, now);
      for (const { route, fees } of checked) {
        const unavailable = [route, fees].find((o) => o?.kind === 'unavailable');
        if (unavailable?.kind === 'unavailable') {
          unavailableStreak += 1;
          firstUnavailable ??= unavailable.reason;
        } else {
          unavailableStreak = 0;
        }
      }
      onProgress({
        checked: total - (await repo.countBy({ ...inScope, preflightAt: IsNull() })),
        total,
      });
      if (unavailableStreak >= UNAVAILABLE_STREAK) break;
    }

    const unchecked = await repo.countBy({ ...inScope, preflightAt: IsNull() });
    if (unchecked === 0) {
      await this.lifecycle.submitForApproval(batchId, now, actor);
    } else if (firstUnavailable !== null) {
      throw new AppError(
        'DOLLR_UNAVAILABLE',
        `Pre-flight checked ${total - unchecked} of ${total} payment(s); Dollr could not answer for the other ${unchecked} (${firstUnavailable}). What was checked is kept: run the pre-flight again to go on.`,
        503,
        { batchId, checked: total - unchecked, total },
      );
    }
    return this.batches.details(batchId);
  }

  private async feeBearers(page: readonly PaymentEntity[]): Promise<Map<number, FeeBearer>> {
    const invoices = await this.dataSource.getRepository(InvoiceEntity).find({
      select: { paymentId: true, feeBearer: true },
      where: { paymentId: In(page.map((p) => p.id)) },
    });
    return new Map(invoices.map((i) => [i.paymentId, i.feeBearer]));
  }

  /** One page's findings, written together; a payment Dollr could not answer for stays unchecked. */
  private async record(
    checked: readonly {
      payment: PaymentEntity;
      route: Outcome<Route>;
      fees: Outcome<Fees> | null;
    }[],
    invoiceBatch: boolean,
    now: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const { payment, route, fees } of checked) {
        if (route.kind === 'unavailable' || fees?.kind === 'unavailable') continue;
        const keptSince = payment.status === 'PENDING' ? payment.statusChangedAt : now;
        if (invoiceBatch && route.kind === 'refused' && payment.phone !== '') {
          // Not a number Dollr can prompt: the customer pays through the payment link.
          await manager.update(PaymentEntity, payment.id, {
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
          await manager.update(PaymentEntity, payment.id, {
            status: 'REJECTED',
            reason: invoiceBatch
              ? `Dollr cannot register this customer: ${route.reason}`
              : `Dollr cannot pay this phone: ${route.reason}`,
            statusChangedAt: now,
            preflightAt: now,
          });
        } else if (fees === null || fees.kind !== 'ok') {
          await manager.update(PaymentEntity, payment.id, {
            status: 'REJECTED',
            method: route.value.method,
            provider: route.value.provider,
            reason: `Dollr will not ${invoiceBatch ? 'collect' : 'pay'} this amount: ${fees?.kind === 'refused' ? fees.reason : 'no fee prediction'}`,
            statusChangedAt: now,
            preflightAt: now,
          });
        } else {
          await manager.update(PaymentEntity, payment.id, {
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
    });
  }
}

/**
 * What Dollr says of one payment: its phone's method and provider, then the fees of its amount.
 * Fee predictions are shared between payments of the same method, provider, currency, amount and
 * fee bearer within a run.
 */
class PaymentCheck {
  private readonly routes = new Map<string, Promise<Outcome<Route>>>();
  private readonly fees = new Map<string, Promise<Outcome<Fees>>>();

  constructor(
    private readonly dollr: DollrClient,
    private readonly operation: 'PAYOUT' | 'COLLECTION',
  ) {}

  async payment(
    p: PaymentEntity,
    feeBearer: FeeBearer,
  ): Promise<{ route: Outcome<Route>; fees: Outcome<Fees> | null }> {
    const route = await this.route(p);
    return {
      route,
      fees: route.kind === 'ok' ? await this.feesOf(p, route.value, feeBearer) : null,
    };
  }

  private route(p: PaymentEntity): Promise<Outcome<Route>> {
    if (p.method !== null && p.provider !== null && p.status === 'PENDING' && p.reason === null) {
      return Promise.resolve({
        kind: 'ok',
        value: { method: p.method as PaymentMethod, provider: p.provider as GatewayProvider },
      });
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
    return remembered(this.fees, key, () =>
      settle(async () => {
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
      }),
    );
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
