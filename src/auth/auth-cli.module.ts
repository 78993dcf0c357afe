import { Module } from '@nestjs/common';
import { AUTH_COMMANDS } from './auth.commands';
import { AuthModule } from './auth.module';

/** `keys create|list|revoke` and `audit`. */
@Module({ imports: [AuthModule], providers: AUTH_COMMANDS })
export class AuthCliModule {}
