import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseModule } from '../database/database.module';
import { EmbeddedSandboxModule } from '../dollr/embedded-sandbox';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DatabaseModule, EmbeddedSandboxModule],
  controllers: [HealthController],
})
export class HealthModule {}
