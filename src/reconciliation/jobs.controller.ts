import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Request, Response } from 'express';
import { pageRequest } from '../common/paging';
import { announceNextPage, PAGED_HEADERS, PageQueryDto } from '../http/paging';
import { JobRunDto, JobRunListDto } from './dto/jobs.dto';
import { JOB_NAMES } from './job.types';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Runs of the scheduled jobs, newest first' })
  @ApiOkResponse({ type: JobRunListDto, headers: PAGED_HEADERS })
  async list(
    @Query() query: PageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JobRunListDto> {
    const page = await this.jobs.list(pageRequest(query));
    return { items: page.items, next: announceNextPage(request, response, page.next) };
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
