import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { cliActor } from '../auth/actor';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { nextPageLines, PagedCommand, type PageOptions, pageOfOptions } from '../cli/paged-command';
import { AppError } from '../common/app-error';
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

@SubCommand({ name: 'list', description: 'Runs of the scheduled jobs, newest first' })
export class JobsListCommand extends PagedCommand {
  constructor(private readonly jobs: JobsService) {
    super();
  }

  protected async execute(_params: string[], options: PageOptions): Promise<CommandOutcome> {
    const request = pageOfOptions(options);
    const { items, next } = await this.jobs.list(request);
    return {
      text:
        items.length === 0
          ? request.after === undefined
            ? 'No job runs yet.'
            : 'No more job runs.'
          : [...items.map(runLine), ...nextPageLines('jobs list', request, next)],
      json: { items, next },
    };
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
