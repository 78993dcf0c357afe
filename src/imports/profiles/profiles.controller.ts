import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pageOfList, pageRequest } from '../../common/paging';
import { announceNextPage, OffsetPageQueryDto, PAGED_HEADERS } from '../../http/paging';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { AppError } from '../../common/app-error';
import { ImportError } from '../import.errors';
import { type ProfileSummary, ProfilesService } from './profiles.service';

/** Mapping profiles: the built-in ones and those saved here, used by name in `POST /imports`. */
@ApiTags('profiles')
@Controller('profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @ApiOperation({ summary: 'The built-in and saved import profiles, by name (paged)' })
  @ApiOkResponse({ headers: PAGED_HEADERS })
  async list(
    @Query() query: OffsetPageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProfileSummary[]> {
    const page = pageOfList(await this.profiles.list(), pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Get(':name')
  @ApiOperation({ summary: 'One profile, with its JSON document' })
  async get(@Param('name') name: string): Promise<ProfileSummary & { profile: unknown }> {
    try {
      return await this.profiles.get(name);
    } catch (error) {
      if (error instanceof ImportError && error.code === 'PROFILE_NOT_FOUND') {
        throw new AppError('PROFILE_NOT_FOUND', error.message, 404);
      }
      throw error;
    }
  }

  @Post()
  @Roles('maker')
  @ApiOperation({
    summary: 'Save a profile (its JSON document, at most 64 KiB) under the name it carries',
    description:
      'The name is 1 to 64 lower-case letters, digits, _ and -, and no built-in or saved profile has it (409 PROFILE_EXISTS otherwise). Imports then name it in their profile field.',
  })
  @ApiBody({ schema: { type: 'object', description: 'samples/profiles/profile.schema.json' } })
  save(@Body() document: unknown, @CurrentActor() actor: Actor): Promise<ProfileSummary> {
    return this.profiles.save(document, actor);
  }
}
