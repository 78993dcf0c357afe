import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT } from './environment';

const root = join(__dirname, '..', '..');

/** The cells of each Markdown table row of `text`, trimmed (the first and last are empty). */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').map((cell) => cell.trim()));
}

describe('documentation of the environment', () => {
  const configuration = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it.each(ENVIRONMENT.map((v) => [v.name, v] as const))(
    '%s is in the docs/configuration.md table with its default',
    (name, variable) => {
      const cells = tableRows(configuration).find((row) => row[1] === `\`${name}\``);
      expect(cells).toBeDefined();
      expect(cells?.[2]).toBe(variable.default === undefined ? '—' : `\`${variable.default}\``);
    },
  );

  it('documents in docs/configuration.md only variables the connector reads, each once', () => {
    const documented = tableRows(configuration)
      .map((row) => /^`([A-Z][A-Z0-9_]*)`$/.exec(row[1] ?? '')?.[1])
      .filter((name) => name !== undefined);
    expect(documented.length).toBeGreaterThan(0);
    const known = new Set(ENVIRONMENT.map((v) => v.name));
    expect(documented.filter((name) => !known.has(name))).toEqual([]);
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  });

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
