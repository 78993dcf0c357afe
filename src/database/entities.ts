import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import { BatchApprovalEntity } from '../batches/entities/batch-approval.entity';
import { BatchEntity } from '../batches/entities/batch.entity';
import { PaymentAttemptEntity } from '../batches/entities/payment-attempt.entity';
import { PaymentEntity } from '../batches/entities/payment.entity';
import { PayeeEntity } from '../counterparties/entities/payee.entity';
import { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { ImportTotalEntity } from '../imports/entities/import-total.entity';
import { ImportEntity } from '../imports/entities/import.entity';
import { ImportProfileEntity } from '../imports/entities/import-profile.entity';
import { InvoiceLineEntity } from '../invoices/entities/invoice-line.entity';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { JobRunEntity } from '../reconciliation/entities/job-run.entity';
import { JobWatermarkEntity } from '../reconciliation/entities/job-watermark.entity';
import { WebhookEventEntity } from '../reconciliation/entities/webhook-event.entity';

/** Every TypeORM entity of the connector. Add new ones here and give them a migration. */
export const ENTITIES = [
  ImportEntity,
  ImportTotalEntity,
  ImportRowEntity,
  PayeeEntity,
  PaymentAccountEntity,
  BatchEntity,
  BatchApprovalEntity,
  PaymentEntity,
  PaymentAttemptEntity,
  ApiKeyEntity,
  AuditEventEntity,
  InvoiceEntity,
  InvoiceLineEntity,
  JobRunEntity,
  WebhookEventEntity,
  JobWatermarkEntity,
  ImportProfileEntity,
];
