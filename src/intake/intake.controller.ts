import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { type BatchView, BatchQueries } from '../batches/batch-queries';
import { BatchViewDto } from '../batches/dto/batch.dto';
import { ParseIdPipe } from '../http/strict-input';
import { IntakeService } from './intake.service';

@ApiTags('imports')
@Controller('imports')
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly batches: BatchQueries,
  ) {}

  @Post(':id/batch')
  @ApiOkResponse({ type: BatchViewDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({
    summary:
      "The import's batch, made now if it has none (an import whose process stopped before its batch was made)",
  })
  async batch(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<BatchView> {
    const batch = await this.intake.batchFor(id, actor);
    return this.batches.view(batch);
  }
}
