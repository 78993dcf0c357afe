import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { basename, resolve } from 'node:path';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { cliActor } from '../auth/actor';
import { AFTER_IMPORT, type AfterImport } from './after-import';
import { ImportError } from './import.errors';
import { describePeriodSource } from './normalise/period';
import { type ImportOutcome, ImportService } from './import.service';
import { ProfilesService } from './profiles/profiles.service';

interface ImportOptions extends JsonOption {
  type?: string;
  profile?: string;
  sheet?: string;
  country?: string;
  currency?: string;
  period?: string;
  dryRun?: boolean;
  as?: string;
}

export function outcomeText(outcome: ImportOutcome, fileName: string): string[] {
  const { summary } = outcome;
  const lines = [
    summary.status === 'dry-run'
      ? `Dry run of ${fileName}: nothing was stored.`
      : `Imported ${fileName} as import ${summary.importId}.`,
    `Profile ${outcome.profile}; header on row ${outcome.headerRow}${outcome.sheet === null ? '' : ` of sheet "${outcome.sheet}"`}.`,
    `Rows: ${summary.rows} (${summary.valid} valid, ${summary.invalid} invalid, ${summary.duplicates} duplicate, ${summary.skipped} skipped).`,
    `Total of valid rows: ${summary.totals.length === 0 ? 'none' : summary.totals.map((t) => `${t.currency} ${t.amount}`).join(', ')}.`,
  ];
  if (summary.invoices !== null) lines.push(`Valid invoices: ${summary.invoices}.`);
  if (summary.periodFrom !== null) {
    lines.push(
      summary.period === null
        ? `Periods: from ${describePeriodSource(summary.periodFrom)}; the rows differ.`
        : `Period ${summary.period}, from ${describePeriodSource(summary.periodFrom)}.`,
    );
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  if (outcome.problems.length > 0) {
    lines.push(
      '',
      `Problems${summary.invalid > outcome.problems.length ? ' (the first ones)' : ''}:`,
    );
    lines.push(...outcome.problems.map((p) => `  ${p}`));
  }
  if (outcome.warnings > 0) {
    const first = outcome.warnings > outcome.warningLines.length ? ' (the first ones)' : '';
    lines.push('', `${outcome.warnings} warning(s)${first}:`);
    lines.push(...outcome.warningLines.map((w) => `  ${w}`));
  }
  if (
    summary.importId !== null &&
    (summary.invalid > 0 || summary.duplicates > 0 || outcome.warnings > 0)
  ) {
    lines.push(
      `Every row: imports rows ${summary.importId}; error report: imports errors ${summary.importId} --out errors.xlsx`,
    );
  }
  return lines;
}

@Command({
  name: 'import',
  arguments: '<file>',
  description: 'Import a payables or receivables file (CSV or XLSX): all rows or none',
})
export class ImportCommand extends JsonCommand<ImportOptions> {
  constructor(
    private readonly imports: ImportService,
    @Inject(AFTER_IMPORT) private readonly afterImport: AfterImport,
    private readonly profiles: ProfilesService,
  ) {
    super();
  }

  protected async execute([file]: string[], options: ImportOptions): Promise<CommandOutcome> {
    if (file === undefined) {
      throw new ImportError('IMPORT_OPTIONS_INVALID', 'Give the file to import.');
    }
    const actor = cliActor(options.as);
    // The person at the terminal may name a profile file of their own.
    const profile = await this.profiles.resolve({ reference: options.profile, localFiles: true });
    // A profile knows what its files hold.
    const kind = options.type ?? profile?.type;
    if (kind === undefined) {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        'Say what the file holds: --type payables (payroll, supplier bills) or --type receivables (customer invoices).',
      );
    }
    const outcome = await this.imports.importFile({
      path: resolve(file),
      fileName: basename(file),
      kind,
      profile,
      sheet: options.sheet,
      country: options.country,
      currency: options.currency,
      period: options.period,
      dryRun: options.dryRun === true,
      createdBy: actor.name,
      actor,
    });
    const batchId = await this.afterImport.batchIdForImport(outcome.summary, actor);
    const text = outcomeText(outcome, basename(file));
    if (batchId !== null)
      text.push(`Batch ${batchId} is ready for pre-flight: batch preflight ${batchId}`);
    return { text, json: { ...outcome.summary, batchId } };
  }

  @Option({
    flags: '--type <type>',
    description:
      "payables (payroll, supplier bills) or receivables (invoices); default: the profile's type",
  })
  parseType(value: string): string {
    return value;
  }

  @Option({
    flags: '--profile <name|path>',
    description:
      'mapping profile: payroll, suppliers, invoices, a saved profile, or a .json file (at most 64 KiB)',
  })
  parseProfile(value: string): string {
    return value;
  }

  @Option({
    flags: '--sheet <name|index>',
    description: 'the worksheet of an .xlsx file (default: the first)',
  })
  parseSheet(value: string): string {
    return value;
  }

  @Option({ flags: '--country <LR|RW>', description: 'country of rows that have none' })
  parseCountry(value: string): string {
    return value;
  }

  @Option({
    flags: '--currency <code>',
    description: 'currency of rows that have none (USD, LRD, RWF)',
  })
  parseCurrency(value: string): string {
    return value;
  }

  @Option({
    flags: '--period <period>',
    description:
      'pay period of rows that name none, e.g. 2026-11 (default: from the title rows, sheet or file name, else this month)',
  })
  parsePeriod(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'check the file and report, storing nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--as <user>', description: 'who is importing (default: the system user)' })
  parseAs(value: string): string {
    return value;
  }
}
