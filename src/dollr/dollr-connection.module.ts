import { Module } from '@nestjs/common';
import { DollrModule } from './dollr.module';
import { EmbeddedSandbox, EmbeddedSandboxModule } from './embedded-sandbox';

/** The Dollr client, connected to the real API or, in sandbox mode, to the embedded sandbox. */
@Module({
  imports: [
    EmbeddedSandboxModule,
    DollrModule.forRootAsync({
      imports: [EmbeddedSandboxModule],
      inject: [EmbeddedSandbox],
      useFactory: (sandbox: EmbeddedSandbox) => sandbox.connection(),
    }),
  ],
  exports: [DollrModule, EmbeddedSandboxModule],
})
export class DollrConnectionModule {}
