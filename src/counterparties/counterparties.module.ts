import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { PayeeSyncService } from './payee-sync.service';

/** Payees and customers on Dollr (parties, counterparties, payment accounts). */
@Module({
  imports: [DatabaseModule, DollrConnectionModule],
  providers: [PayeeSyncService],
  exports: [PayeeSyncService],
})
export class CounterpartiesModule {}
