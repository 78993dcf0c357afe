import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { ImportCommand } from './import.command';
import {
  ImportsCommand,
  ImportsErrorsCommand,
  ImportsListCommand,
  ImportsRowsCommand,
} from './imports.commands';
import { ImportsModule } from './imports.module';

/** `import`, `imports`, `imports rows`, `imports errors`. */
@Module({
  imports: [ImportsModule, BatchesModule],
  providers: [
    ImportCommand,
    ImportsCommand,
    ImportsListCommand,
    ImportsRowsCommand,
    ImportsErrorsCommand,
  ],
})
export class ImportsCliModule {}
