import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ApiKeysService } from './api-keys.service';
import { AuditLog } from './audit-log.service';

const SERVICES = [ApiKeysService, AuditLog];

/** API keys and the audit log, shared by HTTP and the CLI (global: every service records). */
@Global()
@Module({ imports: [DatabaseModule], providers: SERVICES, exports: SERVICES })
export class AuthModule {}
