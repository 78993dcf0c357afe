import { type DynamicModule, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { type AfterImportBinding, afterImportProvider } from './after-import';
import { ImportController } from './import.controller';
import { removeAbandonedUploads, uploadFolder } from './upload-folder';
import { ProfilesController } from './profiles/profiles.controller';
import { TemplatesController } from './templates/templates.controller';
import { ImportsModule } from './imports.module';

/** `POST /imports` and friends; it answers with the batch an import became, from `afterImport`. */
@Module({})
export class ImportsHttpModule implements OnApplicationBootstrap {
  static register(afterImport: AfterImportBinding): DynamicModule {
    return {
      module: ImportsHttpModule,
      imports: [
        ImportsModule,
        afterImport.module,
        MulterModule.registerAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            dest: uploadFolder(),
            limits: { fileSize: config.imports.maxBytes },
          }),
        }),
      ],
      providers: [afterImportProvider(afterImport)],
      controllers: [ImportController, ProfilesController, TemplatesController],
    };
  }

  private readonly logger = new Logger(ImportsHttpModule.name);

  /** Uploads a process left behind when it died mid-upload are removed at the next start. */
  async onApplicationBootstrap(): Promise<void> {
    const removed = await removeAbandonedUploads();
    if (removed > 0) this.logger.log(`Removed ${removed} upload(s) left by a process that died`);
  }
}
