import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
  @ApiOkResponse({ type: [ApiKeyDto] })
  listKeys(): Promise<ApiKeyView[]> {
    return this.keys.list();
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
  @ApiOkResponse({ type: AuditListDto })
  async list(@Query() query: AuditQueryDto): Promise<AuditListDto> {
    return { items: await this.audit.list(query) };
  }
}
