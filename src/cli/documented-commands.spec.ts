import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, CommandRunner, SubCommand } from 'nest-commander';

/**
 * docs/cli.md's command table lists every command and subcommand the program defines, and only
 * those. The commands are read from the code itself: every source file under src/ with a
 * nest-commander `@Command` is loaded, and its commands' metadata (name, subCommands) followed down,
 * so subcommands made by a function (batch pause, resume, …) are found too.
 */

const SRC = join(__dirname, '..');
const ROOT = join(SRC, '..');

interface CommandMetadata {
  readonly name: string;
  readonly subCommands?: readonly unknown[];
}

/** The metadata key a nest-commander class decorator writes, found by decorating a probe class. */
function metadataKeyOf(decorator: typeof Command | typeof SubCommand): unknown {
  class Probe extends CommandRunner {
    run(): Promise<void> {
      return Promise.resolve();
    }
  }
  decorator({ name: 'probe' })(Probe);
  const keys: unknown[] = Reflect.getOwnMetadataKeys(Probe);
  if (keys.length !== 1) throw new Error(`expected one metadata key, found ${keys.length}`);
  return keys[0];
}

const COMMAND_KEY = metadataKeyOf(Command);
const SUB_COMMAND_KEY = metadataKeyOf(SubCommand);

function metadataOf(target: unknown, key: unknown): CommandMetadata | undefined {
  if (typeof target !== 'function') return undefined;
  return Reflect.getOwnMetadata(key, target) as CommandMetadata | undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** `name` and `name sub` (and deeper) for a command class and the subcommands under it. */
function commandPaths(target: unknown, prefix: string[], key: unknown): string[][] {
  const meta = metadataOf(target, key);
  if (meta === undefined) {
    throw new Error(`${String((target as { name?: unknown }).name)} has no command metadata`);
  }
  const path = [...prefix, meta.name];
  const subs = meta.subCommands ?? [];
  return [path, ...subs.flatMap((sub) => commandPaths(sub, path, SUB_COMMAND_KEY))];
}

/** Every command the program defines: each root command, and each subcommand under it. */
function definedCommands(): { groups: Set<string>; leaves: Set<string>; files: string[] } {
  const files = sourceFiles(SRC).filter((file) => readFileSync(file, 'utf8').includes('@Command('));
  const roots = new Set<unknown>();
  for (const file of files) {
    const exports = jest.requireActual<Record<string, unknown>>(file);
    for (const value of Object.values(exports)) {
      if (metadataOf(value, COMMAND_KEY) !== undefined) roots.add(value);
    }
  }
  const paths = [...roots].flatMap((root) => commandPaths(root, [], COMMAND_KEY));
  const isGroup = (path: string[]): boolean =>
    paths.some((other) => other.length > path.length && path.every((p, i) => other[i] === p));
  return {
    groups: new Set(paths.filter(isGroup).map((path) => path.join(' '))),
    leaves: new Set(paths.filter((path) => !isGroup(path)).map((path) => path.join(' '))),
    files: files.map((file) => relative(ROOT, file)),
  };
}

/**
 * The commands of docs/cli.md's command tables (header cell "Command"): the leading lower-case
 * words of each row's first code span, `batch run ID [--wait]` being `batch run`.
 */
function documentedCommands(markdown: string): string[] {
  const commands: string[] = [];
  let inCommandTable = false;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      inCommandTable = false;
      continue;
    }
    const first = line.split('|')[1]?.trim() ?? '';
    if (first === 'Command') {
      inCommandTable = true;
      continue;
    }
    if (!inCommandTable || /^-+$/.test(first)) continue;
    const span = /^`([^`]+)`/.exec(first)?.[1];
    if (span === undefined) throw new Error(`a command row without a command: ${line}`);
    const words: string[] = [];
    for (const word of span.split(/\s+/)) {
      if (!/^[a-z][a-z0-9:-]*$/.test(word)) break;
      words.push(word);
    }
    commands.push(words.join(' '));
  }
  return commands;
}

describe('docs/cli.md documents every command', () => {
  const defined = definedCommands();
  const documented = documentedCommands(readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8'));

  it('finds the commands in the code and the table in docs/cli.md', () => {
    expect(defined.files.length).toBeGreaterThan(0);
    expect([...defined.leaves]).toEqual(expect.arrayContaining(['doctor', 'batch approve']));
    expect(documented.length).toBeGreaterThan(0);
  });

  it('documents each command the program defines', () => {
    expect([...defined.leaves].filter((command) => !documented.includes(command))).toEqual([]);
  });

  it('documents only commands the program defines', () => {
    expect(
      documented.filter((command) => !defined.leaves.has(command) && !defined.groups.has(command)),
    ).toEqual([]);
  });

  it('documents each command once', () => {
    expect(documented.filter((command, i) => documented.indexOf(command) !== i)).toEqual([]);
  });
});
