import type { SourceStatus } from '../dollr/types';

/** What the collection channel needs to know of the invoice a payment collects. */
export interface CollectableInvoice {
  readonly id: number;
  readonly invoiceNumber: string;
  readonly email: string | null;
  /** Published on Dollr by an earlier run (the customer may have paid through its link since). */
  readonly published: boolean;
  readonly dollrInvoiceId: number | null;
  readonly dollrStatus: SourceStatus | null;
}

/** The invoice cannot be published as the file says: the collection fails with this reason. */
export class InvoiceNotPublishableError extends Error {}

/**
 * The invoices behind collections, as the collection channel sees them; implemented by the
 * invoices module, which publishes and follows them on Dollr.
 */
export abstract class CollectionInvoices {
  /** The invoice collected by this payment. */
  abstract forPayment(paymentId: number): Promise<CollectableInvoice>;

  /**
   * The invoice published on Dollr for this customer (created, filled and published if it was
   * not; its status fetched from Dollr if it was). Throws InvoiceNotPublishableError when Dollr or
   * the file's own figures refuse it, and a PaymentNotReadyError while another worker creates it.
   */
  abstract publish(
    invoice: CollectableInvoice,
    counterpartyId: number,
    now: Date,
  ): Promise<CollectableInvoice>;

  /** After the payment's status changed: the invoice's own status brought up to date. */
  abstract refreshForPayment(paymentId: number, now: Date): Promise<void>;
}
