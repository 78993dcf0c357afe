import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DEFAULT_JOB_LIST_LIMIT, JobListQueryDto, JobRunDto, JobRunListDto } from './dto/jobs.dto';
import { JOB_NAMES } from './job.types';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Runs of the scheduled jobs, newest first' })
  @ApiOkResponse({ type: JobRunListDto })
  async list(@Query() query: JobListQueryDto): Promise<JobRunListDto> {
    return { items: await this.jobs.list(query.limit ?? DEFAULT_JOB_LIST_LIMIT) };
  }

  @Post(':name/run')
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({
    summary: 'Run a job now, by hand (always runs); answers when the run has finished',
  })
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiOkResponse({ type: JobRunDto })
  run(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<JobRunDto> {
    return this.jobs.runNow(name, actor);
  }
}
