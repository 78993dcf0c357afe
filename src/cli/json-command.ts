import { CommandRunner, Option } from 'nest-commander';
import { type CommandOutcome, writeFailure, writeOutcome } from './command-output';

export interface JsonOption {
  json?: boolean;
}

/**
 * Base of every CLI command: adds `--json`, prints the outcome, and turns any error into a clear
 * message and a non-zero exit code (never a stack trace).
 */
export abstract class JsonCommand<Options extends JsonOption = JsonOption> extends CommandRunner {
  protected abstract execute(params: string[], options: Options): Promise<CommandOutcome>;

  async run(params: string[], options: Options = {} as Options): Promise<void> {
    const json = options.json === true;
    try {
      writeOutcome(await this.execute(params, options), json);
    } catch (error) {
      writeFailure(error, json);
    }
  }

  @Option({ flags: '--json', description: 'print one JSON object as the last line of output' })
  parseJson(): boolean {
    return true;
  }
}
