import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pageRequest } from '../common/paging';
import { announceNextPage, PAGED_HEADERS, PageQueryDto } from '../http/paging';
import { ParseIdPipe } from '../http/strict-input';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { ApiKeysService, type ApiKeyView, type CreatedApiKey } from './api-keys.service';
import { AuditLog } from './audit-log.service';
import { CurrentActor, Roles } from './auth.decorators';
import {
  ApiKeyDto,
  AuditListDto,
  AuditQueryDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  MeDto,
} from './dto/auth.dto';
import type { Role } from './roles';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly audit: AuditLog,
  ) {}

  @Get('auth/me')
  @Roles('viewer')
  @ApiOperation({ summary: 'Who the API key belongs to: the console signs in with it' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): { id: number; name: string; role: Role } {
    return { id: actor.keyId as number, name: actor.name, role: actor.role as Role };
  }

  @Get('keys')
  @Roles('admin')
  @ApiOperation({ summary: 'API keys (never the keys themselves)' })
  @ApiOkResponse({ type: [ApiKeyDto], headers: PAGED_HEADERS })
  async listKeys(
    @Query() query: PageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiKeyView[]> {
    const page = await this.keys.list(pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Post('keys')
  @Roles('admin')
  @ApiOperation({ summary: 'Create an API key; the answer is the only time the key is shown' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  createKey(@Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKey> {
    return this.keys.create(body.name, body.role, actor);
  }

  @Post('keys/:id/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke an API key: it is refused from now on' })
  @ApiOkResponse({ type: ApiKeyDto })
  revokeKey(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<ApiKeyView> {
    return this.keys.revoke(id, actor);
  }

  @Get('audit')
  @Roles('viewer')
  @ApiOperation({ summary: 'The audit log, newest first: who did what, when, with the totals' })
  @ApiOkResponse({ type: AuditListDto, headers: PAGED_HEADERS })
  async list(
    @Query() query: AuditQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditListDto> {
    const { batchId, importId, action } = query;
    const page = await this.audit.list({ batchId, importId, action }, pageRequest(query));
    return { items: page.items, next: announceNextPage(request, response, page.next) };
  }
}
