import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** What the console's files are served as; anything else is not served. */
export const CONSOLE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file name the console may serve: lower-case path segments with an allowed extension. */
const SERVABLE = /^(?:[a-z0-9][a-z0-9-]*\/)*[a-z0-9][a-z0-9.-]*\.(?:html|js|css|svg)$/;

export function isServableAsset(name: string): boolean {
  return SERVABLE.test(name) && !name.includes('..');
}

/**
 * The folder the build writes the console to (`dist/console`), found from the project root (the
 * nearest folder with a package.json) so it is the same from `dist/src/console` and, under Jest,
 * from `src/console`.
 */
export function consoleAssetsDir(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return join(dir, 'dist', 'console');
}
