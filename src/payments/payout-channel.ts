import { Injectable } from '@nestjs/common';
import { PayeeSyncService } from '../counterparties/payee-sync.service';
import { DollrClient } from '../dollr/dollr.client';
import type { ExecutionResponse, RelationshipType } from '../dollr/types';
import { fromMinorUnits } from '../money/amount';
import type { PaymentEntity } from './entities/payment.entity';
import {
  accountRoute,
  type ExecutionChannel,
  PaymentBatch,
  PreparedPayment,
} from './execution-channel';

/** Payouts: payee and PAYOUT account on Dollr, payout session, payout execution with the passcode. */
@Injectable()
export class PayoutChannel implements ExecutionChannel {
  readonly operation = 'PAYOUT' as const;
  readonly noun = 'payout';

  constructor(
    private readonly dollr: DollrClient,
    private readonly payees: PayeeSyncService,
  ) {}

  async prepare(
    payment: PaymentEntity,
    batch: PaymentBatch,
    worker: string,
    now: Date,
  ): Promise<PreparedPayment> {
    const route = accountRoute(payment, 'PAYOUT');
    let payee = await this.payees.remember(
      {
        relationshipType: batch.relationshipType as RelationshipType,
        externalRef: payment.externalRef,
        fullName: payment.fullName,
        phone: payment.phone,
      },
      now,
    );
    payee = await this.payees.ensureOnDollr(payee, worker, now);
    const account = await this.payees.ensurePaymentAccount(payee, route, worker, now);
    return { payeeId: payee.id, account };
  }

  async openSession(
    payment: PaymentEntity,
    dollrAccountId: number,
  ): Promise<{ id: number; expiresAt: Date | null }> {
    const session = await this.dollr.createPayoutSession({
      payout_account_id: dollrAccountId,
      amount: fromMinorUnits(payment.amountMinor, payment.currency),
      currency: payment.currency,
    });
    return {
      id: session.id,
      expiresAt: typeof session.expires_at === 'string' ? new Date(session.expires_at) : null,
    };
  }

  execute(
    _payment: PaymentEntity,
    sessionId: number,
    dollrAccountId: number,
    referenceId: string,
  ): Promise<ExecutionResponse> {
    return this.dollr.executePayout({
      session_id: sessionId,
      payout_account_id: dollrAccountId,
      reference_id: referenceId,
    });
  }

  finished(): Promise<void> {
    return Promise.resolve();
  }
}
