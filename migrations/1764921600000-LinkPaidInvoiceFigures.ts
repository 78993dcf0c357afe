import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoices the customer paid through their link after a declined collection of ours: their
 * payment kept the pre-flight prediction or the declined attempt's payer and payee amounts,
 * reference_id, gateway message and transaction id, which reports, the journal and the webhook
 * then showed as what was paid. What Dollr's receipt says replaces them, as the invoice sync now
 * writes it (amounts in another currency than the payment's are left empty). A data correction:
 * there is nothing to undo.
 */
export class LinkPaidInvoiceFigures1764921600000 implements MigrationInterface {
  name = 'LinkPaidInvoiceFigures1764921600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const receipt = (expression: string): string =>
      `(SELECT ${expression} FROM invoices i WHERE i.payment_id = payments.id)`;
    await queryRunner.query(
      `UPDATE payments SET
         payer_amount_minor = ${receipt('CASE WHEN i.receipt_payer_currency = payments.currency THEN i.receipt_payer_amount_minor ELSE NULL END')},
         payee_amount_minor = ${receipt('CASE WHEN i.receipt_payee_currency = payments.currency THEN i.receipt_payee_amount_minor ELSE NULL END')},
         provider_transaction_id = ${receipt('i.receipt_provider_transaction_id')},
         reference_id = NULL,
         gateway_message = NULL
       WHERE status = 'COMPLETED'
         AND EXISTS (SELECT 1 FROM invoices i WHERE i.payment_id = payments.id AND i.dollr_status = 'PAID')
         AND NOT EXISTS (SELECT 1 FROM payment_attempts a
                          WHERE a.payment_id = payments.id AND a.state = 'COMPLETED')`,
    );
  }

  async down(): Promise<void> {
    // The figures it replaced were wrong; they are not put back.
  }
}
