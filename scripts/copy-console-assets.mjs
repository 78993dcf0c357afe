// Copies the console's HTML and CSS beside its compiled modules in dist/console (part of `npm run build`).
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'console');
mkdirSync(target, { recursive: true });
cpSync(join(root, 'src', 'console', 'public'), target, { recursive: true });
