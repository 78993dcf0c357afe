import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pageOfList, pageRequest } from '../../common/paging';
import { announceNextPage, OffsetPageQueryDto, PAGED_HEADERS } from '../../http/paging';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { AppError } from '../../common/app-error';
import { ImportError } from '../import.errors';
import { checkedUploadName } from '../upload-name';
import {
  RemoveUploadInterceptor,
  type UploadedParts,
  UploadTooLargeInterceptor,
} from '../upload-interceptors';
import { previewBodyOf } from './dto/preview-body';
import { SuggestProfileDto } from './dto/suggest-profile.dto';
import { type ProfileSummary, ProfilesService } from './profiles.service';
import { type Preview, previewRows } from './suggest/preview-rows';
import { currentMonth, suggestForFile } from './suggest/suggest-file';
import type { ProfileSuggestion } from './suggest/suggest-profile';

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

  @Post('suggest')
  @HttpCode(200)
  @Roles('maker')
  @UseInterceptors(
    UploadTooLargeInterceptor,
    FileFieldsInterceptor([{ name: 'file', maxCount: 1 }], {
      limits: { files: 1 },
      preservePath: true,
    }),
    RemoveUploadInterceptor,
  )
  @ApiOperation({
    summary:
      'Suggest a profile for a file: its header row, what each column probably is, what is missing',
    description:
      'Reads the first rows of the file only; nothing is stored. The answer holds a profile document to edit and save (POST /profiles), and the first rows under the header for POST /profiles/preview.',
  })
  @ApiConsumes('multipart/form-data')
  async suggest(
    @UploadedFiles() parts: UploadedParts | undefined,
    @Body() body: SuggestProfileDto,
  ): Promise<ProfileSuggestion> {
    const file = parts?.file?.[0];
    if (file === undefined) {
      throw new ImportError('FILE_NOT_FOUND', 'Attach the file as the multipart field "file".');
    }
    const fileName = checkedUploadName(file.originalname);
    return suggestForFile({
      path: file.path,
      fileName,
      sheet: body.sheet,
      kind: body.type,
      headerRow: body.headerRow === undefined ? undefined : Number(body.headerRow),
      headerRowOption: 'the headerRow field',
    });
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({
    summary: 'The sample rows of a suggestion as a profile being edited would import them',
    description:
      'Body: {profile, headerRow, headers, rows, fileName?, sheet?, country?, currency?, period?}, as POST /profiles/suggest answered (at most 50 rows). Nothing is stored. A profile that is not complete yet is answered with its problems.',
  })
  @ApiBody({ schema: { type: 'object' } })
  preview(@Body() body: unknown): Preview {
    return previewRows({ ...previewBodyOf(body), importMonth: currentMonth() });
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
