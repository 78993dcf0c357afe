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
import {
  ProfilesCommand,
  ProfilesListCommand,
  ProfilesSuggestCommand,
} from './profiles/profiles.commands';

/** `import`, `imports` (`list`, `rows`, `errors`), `profiles` (`list`, `suggest`). */
@Module({
  imports: [ImportsModule, BatchesModule],
  providers: [
    ImportCommand,
    ImportsCommand,
    ImportsListCommand,
    ImportsRowsCommand,
    ImportsErrorsCommand,
    ProfilesCommand,
    ProfilesListCommand,
    ProfilesSuggestCommand,
  ],
})
export class ImportsCliModule {}
