import { Injectable } from '@nestjs/common';
import { PayeeSyncService } from '../counterparties/payee-sync.service';
import { DollrClient } from '../dollr/dollr.client';
import type { ExecutionResponse, RelationshipType } from '../dollr/types';
import {
  type CollectableInvoice,
  CollectionInvoices,
  InvoiceNotPublishableError,
} from './collection-invoices';
import type { PaymentEntity } from './entities/payment.entity';
import {
  accountRoute,
  type ExecutionChannel,
  PaymentBatch,
  PreparedPayment,
} from './execution-channel';
import { PaymentAttemptStore } from './payment-attempt-store';

/** A customer is paying the invoice on the hosted page right now: look again later. */
export class InvoiceBusyError extends Error {}

/**
 * Collections of invoices: the customer as a Dollr party and CUSTOMER counterparty, the invoice
 * created, filled and published, then (for customers with a mobile money number) a COLLECTION
 * account, a checkout session and a collection execution. Invoices whose customer has no mobile
 * money number end AWAITING_PAYMENT: ACTIVE on Dollr with their payment link (hosted checkout).
 */
@Injectable()
export class CollectionChannel implements ExecutionChannel {
  readonly operation = 'COLLECTION' as const;
  readonly noun = 'collection';

  constructor(
    private readonly store: PaymentAttemptStore,
    private readonly dollr: DollrClient,
    private readonly payees: PayeeSyncService,
    private readonly invoices: CollectionInvoices,
  ) {}

  async prepare(
    payment: PaymentEntity,
    batch: PaymentBatch,
    worker: string,
    now: Date,
  ): Promise<PreparedPayment | null> {
    const invoice = await this.invoices.forPayment(payment.id);
    let customer = await this.payees.remember(
      {
        relationshipType: batch.relationshipType as RelationshipType,
        externalRef: payment.externalRef,
        fullName: payment.fullName,
        phone: payment.phone,
        email: invoice.email,
      },
      now,
    );
    customer = await this.payees.ensureOnDollr(customer, worker, now);

    let published: CollectableInvoice;
    try {
      published = await this.invoices.publish(invoice, customer.dollrCounterpartyId as number, now);
    } catch (error) {
      if (error instanceof InvoiceNotPublishableError) {
        await this.store.settleUnsent(
          payment.id,
          'FAILED',
          `Dollr invoice not published: ${error.message}`,
          now,
        );
        return null;
      }
      throw error;
    }

    switch (published.dollrStatus) {
      case 'PAID':
        await this.store.settleUnsent(payment.id, 'COMPLETED', null, now);
        await this.invoices.refreshForPayment(payment.id, now);
        return null;
      case 'CANCELED':
        await this.store.settleUnsent(
          payment.id,
          'FAILED',
          'the invoice was canceled on Dollr',
          now,
        );
        return null;
      case 'PROCESSING':
        throw new InvoiceBusyError(
          `invoice ${invoice.invoiceNumber} is being paid on Dollr right now`,
        );
      case 'IDLE':
      case null:
        throw new Error(`invoice ${invoice.invoiceNumber} is not published yet`);
      case 'ACTIVE':
        break;
    }
    if (payment.method === null || payment.provider === null) {
      await this.store.settleUnsent(payment.id, 'AWAITING_PAYMENT', null, now);
      return null;
    }
    const account = await this.payees.ensurePaymentAccount(
      customer,
      accountRoute(payment, 'COLLECTION'),
      worker,
      now,
    );
    return { payeeId: customer.id, account };
  }

  async openSession(payment: PaymentEntity): Promise<{ id: number; expiresAt: Date | null }> {
    const invoice = await this.invoices.forPayment(payment.id);
    if (invoice.dollrInvoiceId === null) {
      throw new Error(`invoice ${invoice.invoiceNumber} has no Dollr invoice`);
    }
    const session = await this.dollr.createCheckoutSession({
      source_id: invoice.dollrInvoiceId,
      source_type: 'INVOICE',
    });
    return {
      id: session.id,
      expiresAt: typeof session.expires_at === 'string' ? new Date(session.expires_at) : null,
    };
  }

  execute(
    payment: PaymentEntity,
    sessionId: number,
    dollrAccountId: number,
    referenceId: string,
  ): Promise<ExecutionResponse> {
    // The payer pays in the invoice's currency: every market's MoMo takes the currencies its
    // invoices may be in (Liberia USD/LRD, Rwanda RWF).
    return this.dollr.executeCollection({
      session_id: sessionId,
      payment_account_id: dollrAccountId,
      currency: payment.currency,
      reference_id: referenceId,
    });
  }

  async finished(payment: PaymentEntity, _state: 'COMPLETED' | 'FAILED', now: Date) {
    await this.invoices.refreshForPayment(payment.id, now);
  }
}
