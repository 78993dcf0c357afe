import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { IdentifyCaller, RateLimit, RequireRole } from './auth.guards';
import { AuthModule } from './auth.module';

/**
 * Every HTTP route needs a valid key unless marked @Public(); the guards run in this order:
 * identify the caller, count the request against the rate limit, check the role.
 */
@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.http.rateLimitPerMinute }],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    { provide: APP_GUARD, useClass: IdentifyCaller },
    { provide: APP_GUARD, useClass: RateLimit },
    { provide: APP_GUARD, useClass: RequireRole },
  ],
})
export class AuthHttpModule {}
