import { type DynamicModule, Module } from '@nestjs/common';
import { type AfterImportBinding, afterImportProvider } from './after-import';
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

/**
 * `import`, `imports` (`list`, `rows`, `errors`), `profiles` (`list`, `suggest`). `import` prints
 * the batch the import became, from `afterImport`.
 */
@Module({})
export class ImportsCliModule {
  static register(afterImport: AfterImportBinding): DynamicModule {
    return {
      module: ImportsCliModule,
      imports: [ImportsModule, afterImport.module],
      providers: [
        afterImportProvider(afterImport),
        ImportCommand,
        ImportsCommand,
        ImportsListCommand,
        ImportsRowsCommand,
        ImportsErrorsCommand,
        ProfilesCommand,
        ProfilesListCommand,
        ProfilesSuggestCommand,
      ],
    };
  }
}
