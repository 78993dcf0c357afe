import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { redactText } from '../common/redact';
import { IntakeController } from './intake.controller';
import { IntakeModule } from './intake.module';
import { IntakeService } from './intake.service';

/** `POST /imports/:id/batch`; at start, the batch of any import left without one is made. */
@Module({
  imports: [IntakeModule, BatchesModule],
  controllers: [IntakeController],
})
export class IntakeHttpModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntakeHttpModule.name);

  constructor(private readonly intake: IntakeService) {}

  /** In the background: the service answers while a large batch is being made. */
  onApplicationBootstrap(): void {
    this.intake.healImportsWithoutBatch().catch((error: unknown) => {
      this.logger.error(
        `Imports without a batch could not be checked: ${redactText(String(error))}`,
      );
    });
  }
}
