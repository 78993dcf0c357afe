import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { cliActor } from '../auth/actor';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { AppError } from '../http/all-exceptions.filter';
import { DEFAULT_JOB_LIST_LIMIT } from './dto/jobs.dto';
import type { JobRunView } from './job-runs.store';
import { JOB_NAMES } from './job.types';
import { JobsService } from './jobs.service';

function runLine(run: JobRunView): string {
  const counts =
    run.counts === null
      ? ''
      : ` ${Object.entries(run.counts)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`;
  const error = run.error === null ? '' : ` - ${run.error}`;
  return `#${run.id} ${run.job} ${run.slot} ${run.status} on ${run.host} at ${run.startedAt}${counts}${error}`;
}

interface RunOptions extends JsonOption {
  as?: string;
}

@SubCommand({
  name: 'run',
  arguments: '<name>',
  description: `Run a job now (always runs): ${JOB_NAMES.join(', ')}`,
})
export class JobsRunCommand extends JsonCommand<RunOptions> {
  constructor(private readonly jobs: JobsService) {
    super();
  }

  protected async execute([name]: string[], options: RunOptions): Promise<CommandOutcome> {
    const run = await this.jobs.runNow(name ?? '', cliActor(options.as));
    return {
      text: runLine(run),
      json: { ...run },
      exitCode: run.status === 'FAILED' ? 1 : 0,
    };
  }

  @Option({
    flags: '--as <user>',
    description: 'who runs it, for the audit log (default: cli:<system user>)',
  })
  parseAs(value: string): string {
    return value;
  }
}

interface ListOptions extends JsonOption {
  limit?: number;
}

@SubCommand({ name: 'list', description: 'Runs of the scheduled jobs, newest first' })
export class JobsListCommand extends JsonCommand<ListOptions> {
  constructor(private readonly jobs: JobsService) {
    super();
  }

  protected async execute(_params: string[], options: ListOptions): Promise<CommandOutcome> {
    const items = await this.jobs.list(options.limit ?? DEFAULT_JOB_LIST_LIMIT);
    return {
      text: items.length === 0 ? 'No job runs yet.' : items.map(runLine),
      json: { items },
    };
  }

  @Option({
    flags: '--limit <n>',
    description: `how many runs (1-1000, default ${DEFAULT_JOB_LIST_LIMIT})`,
  })
  parseLimit(value: string): number {
    const limit = Number(value);
    if (!/^\d+$/.test(value) || limit < 1 || limit > 1000) {
      throw new AppError(
        'BAD_ARGUMENT',
        `--limit must be a whole number from 1 to 1000, not "${value}".`,
      );
    }
    return limit;
  }
}

@Command({
  name: 'jobs',
  description: 'Scheduled jobs: run one now, list the runs',
  subCommands: [JobsRunCommand, JobsListCommand],
})
export class JobsCommand extends CommandRunner {
  run(): Promise<void> {
    return Promise.reject(
      new AppError('BAD_ARGUMENT', 'Say what to do: jobs run NAME | jobs list (see --help).'),
    );
  }
}
