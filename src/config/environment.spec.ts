import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT } from './environment';

const root = join(__dirname, '..', '..');

describe('documentation of the environment', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it.each(ENVIRONMENT.map((v) => [v.name, v] as const))(
    '%s is in the README table with its default',
    (name, variable) => {
      const cells = readme
        .split('\n')
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .find((row) => row[1] === `\`${name}\``);
      expect(cells).toBeDefined();
      expect(cells?.[2]).toBe(variable.default === undefined ? '—' : `\`${variable.default}\``);
    },
  );

  it.each(ENVIRONMENT.map((v) => [v.name, v] as const))(
    '%s is in .env.example with its default',
    (name, variable) => {
      expect(example).toMatch(
        new RegExp(
          `^# ${name}=${(variable.default ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`,
          'm',
        ),
      );
    },
  );
});
