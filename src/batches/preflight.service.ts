import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
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

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

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
 */
@Injectable()
export class PreflightService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dollr: DollrClient,
    private readonly batches: BatchQueries,
    private readonly lifecycle: BatchLifecycle,
  ) {}

  async run(batchId: number, actor: Actor, now = new Date()): Promise<BatchDetails> {
    const batch = await this.batches.get(batchId);
    if (batch.status !== 'DRAFT' && batch.status !== 'AWAITING_APPROVAL') {
      throw batchState(batchId, batch.status, 'run a pre-flight');
    }
    const repo = this.dataSource.getRepository(PaymentEntity);
    const payments = await repo.find({
      where: { batchId, status: In(['PENDING', 'REJECTED']) },
      order: { id: 'ASC' },
    });
    const invoiceBatch = batch.kind === 'INVOICE';
    const operation = invoiceBatch ? 'COLLECTION' : 'PAYOUT';
    const feeBearers = new Map<number, FeeBearer>(
      invoiceBatch
        ? (await this.dataSource.getRepository(InvoiceEntity).find({ where: { batchId } })).map(
            (i) => [i.paymentId, i.feeBearer],
          )
        : [],
    );

    const routes = new Map<string, Promise<Outcome<Route>>>();
    const routeOf = (p: PaymentEntity): Promise<Outcome<Route>> => {
      if (p.method !== null && p.provider !== null && p.status === 'PENDING' && p.reason === null) {
        return Promise.resolve({
          ok: true,
          value: { method: p.method as PaymentMethod, provider: p.provider as GatewayProvider },
        });
      }
      if (p.phone === '') {
        return Promise.resolve({
          ok: false,
          reason: 'the customer has no phone number, and Dollr registers every customer by phone',
        });
      }
      let route = routes.get(p.phone);
      if (route === undefined) {
        route = settle(async () =>
          mmoRouting(
            await this.dollr.predictMmoProvider({ phone: p.phone, operation_type: operation }),
          ),
        );
        routes.set(p.phone, route);
      }
      return route;
    };

    const resolved = await Promise.all(
      payments.map(async (p) => ({ payment: p, route: await routeOf(p) })),
    );

    const fees = new Map<string, Promise<Outcome<{ fee: bigint; payer: bigint; payee: bigint }>>>();
    const feesOf = (p: PaymentEntity, route: Route) => {
      const amount = fromMinorUnits(p.amountMinor, p.currency);
      const feeBearer = feeBearers.get(p.id) ?? 'PAYER';
      const key = `${route.method}|${route.provider}|${p.currency}|${amount}|${feeBearer}`;
      let prediction = fees.get(key);
      if (prediction === undefined) {
        prediction = settle(async () => {
          const predicted = await this.dollr.predictAmountAndFees({
            base_amount: amount,
            base_currency: p.currency,
            target_currency: p.currency,
            payment_method: route.method,
            provider: route.provider,
            operation_type: operation,
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
        fees.set(key, prediction);
      }
      return prediction;
    };

    const checked = await Promise.all(
      resolved.map(async ({ payment, route }) => ({
        payment,
        route,
        fees: route.ok ? await feesOf(payment, route.value) : null,
      })),
    );

    await this.dataSource.transaction(async (manager) => {
      for (const { payment, route, fees: fee } of checked) {
        if (invoiceBatch && !route.ok && payment.phone !== '') {
          // Not a number Dollr can prompt: the customer pays through the payment link.
          await manager.update(PaymentEntity, payment.id, {
            status: 'PENDING',
            reason: null,
            method: null,
            provider: null,
            feeMinor: null,
            payerAmountMinor: null,
            payeeAmountMinor: null,
            statusChangedAt: payment.status === 'PENDING' ? payment.statusChangedAt : now,
          });
        } else if (!route.ok) {
          await manager.update(PaymentEntity, payment.id, {
            status: 'REJECTED',
            reason: invoiceBatch
              ? `Dollr cannot register this customer: ${route.reason}`
              : `Dollr cannot pay this phone: ${route.reason}`,
            statusChangedAt: now,
          });
        } else if (fee === null || !fee.ok) {
          await manager.update(PaymentEntity, payment.id, {
            status: 'REJECTED',
            method: route.value.method,
            provider: route.value.provider,
            reason: `Dollr will not ${invoiceBatch ? 'collect' : 'pay'} this amount: ${fee?.ok === false ? fee.reason : 'no fee prediction'}`,
            statusChangedAt: now,
          });
        } else {
          await manager.update(PaymentEntity, payment.id, {
            status: 'PENDING',
            reason: null,
            method: route.value.method,
            provider: route.value.provider,
            feeMinor: fee.value.fee,
            payerAmountMinor: fee.value.payer,
            payeeAmountMinor: fee.value.payee,
            statusChangedAt: payment.status === 'PENDING' ? payment.statusChangedAt : now,
          });
        }
      }
    });
    await this.lifecycle.submitForApproval(batchId, now, actor);
    return this.batches.details(batchId);
  }
}

/** Runs `work`; a Dollr refusal becomes a reason, anything else (network, 5xx) aborts pre-flight. */
async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof DollrError && !error.temporary)
      return { ok: false, reason: redactText(error.message) };
    if (error instanceof DollrError) {
      throw new AppError(
        'DOLLR_UNAVAILABLE',
        `Pre-flight could not reach Dollr: ${redactText(error.message)}. Try again.`,
        503,
      );
    }
    throw error;
  }
}
