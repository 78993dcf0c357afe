import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CounterpartiesModule } from '../counterparties/counterparties.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { CollectionChannel } from './collection-channel';
import { PaymentAttemptStore } from './payment-attempt-store';
import { PaymentExecutor } from './payment-executor';
import { PaymentLeases } from './payment-leases';
import { PayoutChannel } from './payout-channel';
import { TypeormPaymentAttemptStore } from './typeorm-payment-attempt-store';

const core = [
  { provide: PaymentAttemptStore, useClass: TypeormPaymentAttemptStore },
  PaymentLeases,
  PayoutChannel,
  CollectionChannel,
  PaymentExecutor,
];

/**
 * What moves money: the executor, its two channels and the payment leases. The collection channel
 * publishes invoices through CollectionInvoices, which `invoices` (a module above this one) provides.
 */
@Module({})
export class PaymentsModule {
  static withInvoices(invoices: Type<unknown>): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [DatabaseModule, DollrConnectionModule, CounterpartiesModule, invoices],
      providers: core,
      exports: core,
    };
  }
}
