import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleAssetsDir, isServableAsset } from './console-assets';

describe('console assets', () => {
  it.each(['main.js', 'styles.css', 'index.html', 'pages/batch.js', 'icon.svg'])(
    'serves %s',
    (name) => expect(isServableAsset(name)).toBe(true),
  );

  it.each([
    '../package.json',
    'pages/../../.env',
    '/etc/passwd',
    '.env',
    'main.ts',
    'main.js.map',
    'pages\\batch.js',
    'Main.js',
    'a//b.js',
    '',
  ])('refuses %j', (name) => expect(isServableAsset(name)).toBe(false));

  it('finds dist/console from the compiled and the source folder alike', () => {
    const root = mkdtempSync(join(tmpdir(), 'console-assets-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist', 'src', 'console'), { recursive: true });
    mkdirSync(join(root, 'src', 'console'), { recursive: true });
    expect(consoleAssetsDir(join(root, 'dist', 'src', 'console'))).toBe(
      join(root, 'dist', 'console'),
    );
    expect(consoleAssetsDir(join(root, 'src', 'console'))).toBe(join(root, 'dist', 'console'));
  });
});
