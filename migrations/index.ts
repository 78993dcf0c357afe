import { CreateImports1764316800000 } from './1764316800000-CreateImports';
import { CreatePayouts1764403200000 } from './1764403200000-CreatePayouts';
import { CreateInvoices1764489600000 } from './1764489600000-CreateInvoices';
import { CreateJobRuns1764576000000 } from './1764576000000-CreateJobRuns';
import { CreateApiKeysAndAudit1764662400000 } from './1764662400000-CreateApiKeysAndAudit';
import { ExactKeyCollation1764748800000 } from './1764748800000-ExactKeyCollation';
import { AttemptSessionAccount1764835200000 } from './1764835200000-AttemptSessionAccount';
import { LinkPaidInvoiceFigures1764921600000 } from './1764921600000-LinkPaidInvoiceFigures';
import { CreateImportProfiles1765008000000 } from './1765008000000-CreateImportProfiles';
import { ImportPeriod1765094400000 } from './1765094400000-ImportPeriod';
import { InvoiceKeysByCustomer1765180800000 } from './1765180800000-InvoiceKeysByCustomer';
import { ImportSheetState1765267200000 } from './1765267200000-ImportSheetState';
import { PaymentPreflightChecked1765353600000 } from './1765353600000-PaymentPreflightChecked';
import { AskDollrOnce1765526400000 } from './1765526400000-AskDollrOnce';
import { DollrRateBudget1765699200000 } from './1765699200000-DollrRateBudget';

/** Every migration, oldest first. A new migration file is added here too. */
export const MIGRATIONS = [
  CreateImports1764316800000,
  CreatePayouts1764403200000,
  CreateInvoices1764489600000,
  CreateJobRuns1764576000000,
  CreateApiKeysAndAudit1764662400000,
  ExactKeyCollation1764748800000,
  AttemptSessionAccount1764835200000,
  LinkPaidInvoiceFigures1764921600000,
  CreateImportProfiles1765008000000,
  ImportPeriod1765094400000,
  InvoiceKeysByCustomer1765180800000,
  ImportSheetState1765267200000,
  PaymentPreflightChecked1765353600000,
  AskDollrOnce1765526400000,
  DollrRateBudget1765699200000,
];
