import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import type { CommandOutcome } from '../../cli/command-output';
import { JsonCommand, type JsonOption } from '../../cli/json-command';
import { ImportError } from '../import.errors';
import { IMPORT_KINDS, type ImportKind } from '../import.types';
import { ProfilesService } from './profiles.service';
import { suggestForFile } from './suggest/suggest-file';
import type { ProfileSuggestion } from './suggest/suggest-profile';

interface SuggestOptions extends JsonOption {
  sheet?: string;
  type?: string;
  headerRow?: string;
  out?: string;
}

function kindOf(text: string | undefined): ImportKind | undefined {
  if (text === undefined) return undefined;
  if (!(IMPORT_KINDS as readonly string[]).includes(text)) {
    throw new ImportError(
      'IMPORT_OPTIONS_INVALID',
      `--type must be payables or receivables (got "${text}").`,
    );
  }
  return text as ImportKind;
}

function headerRowOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) {
    throw new ImportError(
      'IMPORT_OPTIONS_INVALID',
      `--header-row must be a row number from 1 to 1000 (got "${text}").`,
    );
  }
  return Number(text);
}

/** Writes the profile to a file that must not exist yet: a suggestion never replaces an edited profile. */
async function writeNewFile(path: string, profile: unknown): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(profile, null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        `${path} already exists: give --out a new file name, or remove it first.`,
      );
    }
    throw error;
  }
}

/** The suggestion for people: each column and what it becomes, then what to check. */
export function suggestionLines(
  suggestion: ProfileSuggestion,
  file: string,
  out: string | undefined,
): string[] {
  const where = suggestion.sheet === null ? '' : ` of sheet "${suggestion.sheet}"`;
  const width = Math.max(...suggestion.columns.map((c) => c.header.length), 6);
  const how = { 'known-name': 'a known name', 'header-words': 'its words', values: 'its values' };
  return [
    `Header on row ${suggestion.headerRow}${where}; read as ${suggestion.type}.`,
    '',
    ...suggestion.columns.map(
      (c) =>
        `  ${(c.header || `(column ${c.column + 1}, no name)`).padEnd(width)}  →  ${
          c.use === null ? 'not imported' : `${c.use}  (from ${c.how === null ? '?' : how[c.how]})`
        }`,
    ),
    '',
    ...(suggestion.missing.length > 0
      ? [
          `Not found: ${suggestion.missing.join('; ')}. Add the column's header name under "columns" in the profile.`,
        ]
      : []),
    ...suggestion.checks.map((check) => `Check: ${check}`),
    ...(out === undefined
      ? ['', 'Profile:', JSON.stringify(suggestion.profile, null, 2)]
      : ['', `Wrote the profile to ${out}. Try it: import ${file} --profile ${out} --dry-run`]),
  ];
}

@SubCommand({
  name: 'suggest',
  arguments: '<file>',
  description:
    'Suggest a profile for a CSV or .xlsx file: what each column probably is, and what is missing',
})
export class ProfilesSuggestCommand extends JsonCommand<SuggestOptions> {
  protected async execute([path]: string[], options: SuggestOptions): Promise<CommandOutcome> {
    if (path === undefined) {
      throw new ImportError('IMPORT_OPTIONS_INVALID', 'Give the file: profiles suggest FILE.');
    }
    const kind = kindOf(options.type);
    const headerRow = headerRowOf(options.headerRow);
    const suggestion = await suggestForFile({
      path,
      fileName: basename(path),
      sheet: options.sheet,
      kind,
      headerRow,
      headerRowOption: '--header-row N',
    });
    if (options.out !== undefined) await writeNewFile(options.out, suggestion.profile);
    return {
      text: suggestionLines(suggestion, path, options.out),
      json: { ok: true, ...suggestion, out: options.out ?? null },
      // Something required is missing: the profile needs an edit before it can be used.
      exitCode: suggestion.complete ? 0 : 2,
    };
  }

  @Option({ flags: '--sheet <name|index>', description: 'the worksheet of an .xlsx file' })
  parseSheet(value: string): string {
    return value;
  }

  @Option({
    flags: '--type <type>',
    description: 'payables or receivables (default: whichever the header reads as)',
  })
  parseType(value: string): string {
    return value;
  }

  @Option({
    flags: '--header-row <n>',
    description: 'the row of the column names, when it is not found (written into the profile)',
  })
  parseHeaderRow(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'write the profile to FILE (JSON)' })
  parseOut(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List the built-in and saved profiles' })
export class ProfilesListCommand extends JsonCommand {
  constructor(private readonly profiles: ProfilesService) {
    super();
  }

  protected async execute(): Promise<CommandOutcome> {
    const profiles = await this.profiles.list();
    return {
      text: profiles.map(
        (p) =>
          `${p.name.padEnd(24)} ${p.type.padEnd(11)} ${p.source.padEnd(8)} ${p.description ?? ''}`,
      ),
      json: { ok: true, profiles },
    };
  }
}

@Command({
  name: 'profiles',
  description: 'Mapping profiles: "profiles list", "profiles suggest FILE"',
  subCommands: [ProfilesListCommand, ProfilesSuggestCommand],
})
export class ProfilesCommand extends CommandRunner {
  run(): Promise<void> {
    process.stdout.write(
      'Usage: profiles list [--json] | profiles suggest FILE [--sheet S] [--type payables|receivables] [--header-row N] [--out FILE] [--json]\n',
    );
    return Promise.resolve();
  }
}
