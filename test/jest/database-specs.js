/**
 * Which spec files use the database under test: those that import test/support/test-database.ts,
 * directly or through other files of test/ (src/ never imports it). The MariaDB pass runs only
 * these; every other spec would only repeat the SQLite pass.
 */
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const TEST_DATABASE = resolve(__dirname, '../support/test-database.ts');
const TEST_DIR = resolve(__dirname, '..');
const IMPORT = /\bfrom\s+'(\.{1,2}\/[^']+)'/g;

function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((file) => existsSync(file));
}

function usesTestDatabase(file, seen = new Set()) {
  if (file === TEST_DATABASE) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = resolveImport(file, specifier);
    if (target === undefined) continue;
    if (target === TEST_DATABASE) return true;
    if (target.startsWith(TEST_DIR) && usesTestDatabase(target, seen)) return true;
  }
  return false;
}

module.exports = { usesTestDatabase };
