// Removes compiled files whose TypeScript source is gone (part of `npm run build`). The build is
// incremental and never deletes: a moved or deleted module would otherwise stay in dist, and
// globs over dist (the TypeORM entities, the migrations) would still load it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMPILED = /(\.d\.ts|\.js\.map|\.js)$/;
const trees = [
  ['dist/src', 'src'],
  ['dist/migrations', 'migrations'],
  ['dist/console', 'src/console/web'],
];

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let removed = 0;
for (const [out, source] of trees) {
  for (const file of files(join(root, out))) {
    if (!COMPILED.test(file)) continue;
    const base = relative(join(root, out), file).replace(COMPILED, '');
    if (!existsSync(join(root, source, `${base}.ts`))) {
      rmSync(file);
      removed += 1;
    }
  }
}
if (removed > 0) console.log(`prune-dist: removed ${removed} file(s) whose source is gone`);
