import { Command, Option } from 'nest-commander';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { ReportError } from './report.errors';
import { SourceExportService } from './source-export.service';

interface ExportSourceOptions extends JsonOption {
  out?: string;
}

@Command({
  name: 'export-source',
  arguments: '<importId>',
  description:
    "Write the file of an import as it was uploaded (CSV or XLSX) with each row's status, Dollr reference, settled amount, fees and failure reason appended",
})
export class ExportSourceCommand extends JsonCommand<ExportSourceOptions> {
  constructor(private readonly exports: SourceExportService) {
    super();
  }

  protected async execute([id]: string[], options: ExportSourceOptions): Promise<CommandOutcome> {
    if (id === undefined || !/^\d+$/.test(id) || Number(id) < 1) {
      throw new ReportError(
        'REPORT_OPTIONS_INVALID',
        `Give the import number, e.g. 12 (got "${id ?? ''}").`,
      );
    }
    if (options.out === undefined || options.out.trim() === '') {
      throw new ReportError(
        'REPORT_OPTIONS_INVALID',
        'Say where to write the file: --out FILE (it keeps the format of the imported file).',
      );
    }
    const exported = await this.exports.writeFile(Number(id), options.out);
    return {
      text: `Wrote ${exported.fileName} (import ${exported.importId}) with its statuses to ${options.out}.`,
      json: { ok: true, ...exported, out: options.out },
    };
  }

  @Option({ flags: '--out <file>', description: 'where to write the file' })
  parseOut(value: string): string {
    return value;
  }
}
