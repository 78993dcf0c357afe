import { Command, CommandRunner, SubCommand } from 'nest-commander';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand } from '../cli/json-command';
import { AppError } from '../common/app-error';
import { InvoicesService } from './invoices.service';

@SubCommand({
  name: 'sync',
  description: 'Check open invoices on Dollr; store the receipts of those paid',
})
export class InvoicesSyncCommand extends JsonCommand {
  constructor(private readonly invoices: InvoicesService) {
    super();
  }

  protected async execute(): Promise<CommandOutcome> {
    const summary = await this.invoices.syncOpenInvoices();
    return {
      text: [
        `Checked ${summary.checked} open invoice(s): ${summary.changed} changed status, ${summary.paid} paid (receipt stored).`,
        ...summary.errors.map((e) => `  ${e.invoiceNumber}: not checked (${e.error})`),
      ],
      json: { ...summary },
      exitCode: summary.errors.length > 0 ? 2 : 0,
    };
  }
}

@Command({
  name: 'invoices',
  description: 'Invoices on Dollr: sync',
  subCommands: [InvoicesSyncCommand],
})
export class InvoicesCommand extends CommandRunner {
  run(): Promise<void> {
    return Promise.reject(
      new AppError('BAD_ARGUMENT', 'Say what to do: invoices sync (see --help).'),
    );
  }
}
