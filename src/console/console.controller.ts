import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/app-error';
import { CONSOLE_CONTENT_TYPES, consoleAssetsDir, isServableAsset } from './console-assets';

/**
 * The operator console: static HTML, CSS and JavaScript modules, public like /health (they hold
 * no data; every API call the pages make carries the user's key). The page is at `/`, its files
 * under `/console/`; the client-side router uses the URL's hash, so no other path is needed.
 */
@Public()
@ApiExcludeController()
@Controller()
export class ConsoleController {
  private readonly root = consoleAssetsDir();

  @Get()
  index(@Res() response: Response): void {
    this.send('index.html', response);
  }

  @Get('console')
  indexUnderConsole(@Res() response: Response): void {
    this.send('index.html', response);
  }

  @Get('console/*path')
  asset(@Param('path') path: string | string[], @Res() response: Response): void {
    const name = Array.isArray(path) ? path.join('/') : path;
    this.send(name === '' ? 'index.html' : name, response);
  }

  private send(name: string, response: Response): void {
    if (!isServableAsset(name) || !existsSync(join(this.root, name))) {
      throw new AppError('NOT_FOUND', `The console has no file "${name}".`, 404);
    }
    const contentType = CONSOLE_CONTENT_TYPES[extname(name)];
    if (contentType !== undefined) response.setHeader('Content-Type', contentType);
    // Revalidated on every load (ETag), so a new version is picked up at once.
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(name, { root: this.root, dotfiles: 'deny' });
  }
}
