import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** Serves the operator console (built into dist/console by `npm run build`). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
