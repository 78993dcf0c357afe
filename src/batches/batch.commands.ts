import { CommandRunner, Command, Option, SubCommand } from 'nest-commander';
import { Presets, SingleBar } from 'cli-progress';
import { etaText } from '../cli/eta';
import { type BatchControl, controlHints } from './control-hints';
import { type Actor, cliActor } from '../auth/actor';
import { AppError } from '../common/app-error';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { nextPageLines, PagedCommand, type PageOptions, pageOfOptions } from '../cli/paged-command';
import { BatchPayments, type BatchPaymentView } from './batch-payments';
import { BatchRunner } from './batch-runner';
import { PAYMENT_STATUSES } from '../payments/entities/payment.entity';
import type { PaymentStatus } from '../payments/entities/payment.entity';
import { BatchFactory } from './batch-factory';
import { BatchLifecycle } from './batch-lifecycle';
import { type BatchDetails, BatchQueries, type BatchView } from './batch-queries';
import { type PreflightProgress, PreflightService } from './preflight.service';

function batchId(params: string[]): number {
  const id = Number(params[0]);
  if (!Number.isInteger(id) || id <= 0) {
    throw new AppError('BAD_ARGUMENT', `"${params[0] ?? ''}" is not a batch id (a whole number).`);
  }
  return id;
}

interface ActorOptions extends JsonOption {
  as?: string;
}

const AS_DESCRIPTION = 'who does it, for the audit log (default: cli:<system user>)';

function viewLines(view: BatchView): string[] {
  const counts = Object.entries(view.counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return [
    `Batch ${view.batchId}: ${view.status}`,
    `  payments: ${counts}`,
    ...view.totals.map(
      (t) =>
        `  ${t.currency}: requested ${t.requested}, completed ${t.completed}, failed ${t.failed}, fees ${t.fees}`,
    ),
  ];
}

function detailLines(details: BatchDetails): string[] {
  return [
    ...viewLines(details),
    `  import ${details.importId}, uploaded by ${details.createdBy} at ${details.createdAt}`,
    ...(details.period === null ? [] : [`  pay period: ${details.period}`]),
    ...(details.statusReason ? [`  reason: ${details.statusReason}`] : []),
    `  approvals: ${details.approvals.filter((a) => a.valid).length} of ${details.approvalsRequired} needed` +
      (details.approvals.length > 0
        ? ` (${details.approvals.map((a) => `${a.approvedBy}${a.valid ? '' : ' [void]'}`).join(', ')})`
        : ''),
    ...details.stuck.map(
      (p) =>
        `  STUCK row ${p.row} (${p.externalRef}, ${p.phone}, reference ${p.referenceId ?? '?'}) since ${p.stuckAt}: ${p.reason ?? ''}`,
    ),
    ...(details.preflight.checked < details.preflight.total && details.preflight.checked > 0
      ? [
          `  pre-flight: ${details.preflight.checked} of ${details.preflight.total} payment(s) checked; run batch preflight ${details.batchId} again to go on`,
        ]
      : []),
    ...(details.preflight.at === null
      ? [`  pre-flight: not run yet (batch preflight ${details.batchId})`]
      : [
          `  pre-flight at ${details.preflight.at}:`,
          ...details.preflight.totals.map(
            (t) =>
              `    ${t.currency}: ${t.count} payment(s), requested ${t.requested}, fees ${t.fees}, wallet debit ${t.payerTotal}, payees receive ${t.payeeTotal}`,
          ),
          ...details.preflight.rejections.map(
            (r) => `    rejected row ${r.row} (${r.externalRef}, ${r.phone}): ${r.reason ?? ''}`,
          ),
        ]),
    ...(details.invoices === undefined
      ? []
      : [
          `  invoices:`,
          ...details.invoices.map(
            (i) =>
              `    ${i.invoiceNumber} ${i.customer}: ${i.amount} ${i.currency}, ${i.collection === 'MOBILE_MONEY' ? `mobile money ${i.phone ?? ''}` : 'payment link'}, ` +
              `Dollr ${i.dollrNumber ?? 'not created yet'}${i.status === null ? '' : ` ${i.status}`}, ${i.paymentStatus}` +
              (i.paymentLink === null ? '' : `, ${i.paymentLink}`) +
              (i.reason === null ? '' : ` (${i.reason})`),
          ),
        ]),
  ];
}

@SubCommand({
  name: 'create',
  arguments: '<importId>',
  description: 'Make the batch of an import (import does it)',
})
export class BatchCreateCommand extends JsonCommand<ActorOptions> {
  constructor(
    private readonly factory: BatchFactory,
    private readonly batches: BatchQueries,
  ) {
    super();
  }

  protected async execute(params: string[], options: ActorOptions): Promise<CommandOutcome> {
    const importId = Number(params[0]);
    if (!Number.isInteger(importId) || importId <= 0) {
      throw new AppError(
        'BAD_ARGUMENT',
        `"${params[0] ?? ''}" is not an import id (a whole number).`,
      );
    }
    const batch = await this.factory.createFromImport(importId, cliActor(options.as));
    const view = await this.batches.view(batch);
    return { text: viewLines(view), json: { ...view } };
  }

  @Option({ flags: '--as <user>', description: AS_DESCRIPTION })
  parseAs(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List batches, newest first' })
export class BatchListCommand extends PagedCommand {
  constructor(private readonly batches: BatchQueries) {
    super();
  }

  protected async execute(_params: string[], options: PageOptions): Promise<CommandOutcome> {
    const request = pageOfOptions(options);
    const { items: views, next } = await this.batches.list(request);
    return {
      text:
        views.length === 0
          ? request.after === undefined
            ? 'No batches yet.'
            : 'No more batches.'
          : [...views.flatMap((v) => viewLines(v)), ...nextPageLines('batch list', request, next)],
      json: { batches: views, next },
    };
  }
}

interface PaymentsOptions extends PageOptions {
  status?: string;
}

/** Failed payments named in a run's or a batch's text output; the rest are listed on request. */
const FAILURES_NAMED = 5;

/** The first failed payments of a batch with `failed` of them, and the commands that go on. */
async function failureLines(
  payments: BatchPayments,
  id: number,
  failed: number,
): Promise<string[]> {
  if (failed === 0) return [];
  const { items } = await payments.page(id, 'FAILED', { limit: FAILURES_NAMED });
  return [
    failed > items.length ? `Failed (the first ${items.length} of ${failed}):` : 'Failed:',
    ...items.map((p) => `  ${paymentLine(p)}`),
    `Every failed payment: npm run cli -- batch payments ${id} --status FAILED; to try them again: npm run cli -- batch retry-failed ${id}`,
  ];
}

function paymentLine(p: BatchPaymentView): string {
  return [
    `Row ${p.row}`,
    p.externalRef,
    p.fullName,
    p.phone,
    `${p.currency} ${p.amount}`,
    p.status,
    ...(p.reason === null ? [] : [p.reason]),
  ]
    .filter((part) => part !== '')
    .join('  ');
}

@SubCommand({
  name: 'payments',
  arguments: '<id>',
  description: "A batch's payments in row order: row, payee, amount, status and Dollr's reason",
})
export class BatchPaymentsCommand extends PagedCommand<PaymentsOptions> {
  constructor(private readonly payments: BatchPayments) {
    super();
  }

  protected async execute(params: string[], options: PaymentsOptions): Promise<CommandOutcome> {
    const id = batchId(params);
    const status = options.status?.toUpperCase();
    if (status !== undefined && !(PAYMENT_STATUSES as readonly string[]).includes(status)) {
      throw new AppError(
        'BAD_ARGUMENT',
        `--status must be one of ${PAYMENT_STATUSES.join(', ')} (got "${options.status}").`,
      );
    }
    const request = pageOfOptions(options);
    const { items, next } = await this.payments.page(id, status as PaymentStatus, request);
    const command = `batch payments ${id}${status === undefined ? '' : ` --status ${status}`}`;
    return {
      text:
        items.length === 0
          ? `No ${status === undefined ? '' : `${status} `}payments${request.after === undefined ? '' : ' after that one'}.`
          : [...items.map(paymentLine), ...nextPageLines(command, request, next)],
      json: { batchId: id, payments: items, next },
    };
  }

  @Option({
    flags: '--status <status>',
    description: `only payments with this status (${PAYMENT_STATUSES.join(', ')})`,
  })
  parseStatus(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'show',
  arguments: '<id>',
  description: 'Show a batch: status, counts, totals, approvals',
})
export class BatchShowCommand extends JsonCommand {
  constructor(
    private readonly batches: BatchQueries,
    private readonly payments: BatchPayments,
  ) {
    super();
  }

  protected async execute(params: string[]): Promise<CommandOutcome> {
    const id = batchId(params);
    const details = await this.batches.details(id);
    const failures = await failureLines(this.payments, id, details.counts.FAILED);
    return { text: [...detailLines(details), ...failures], json: { ...details } };
  }
}

@SubCommand({
  name: 'preflight',
  arguments: '<id>',
  description: 'Resolve operators and predict fees before approval',
})
export class BatchPreflightCommand extends JsonCommand<ActorOptions> {
  constructor(private readonly preflight: PreflightService) {
    super();
  }

  protected async execute(params: string[], options: ActorOptions): Promise<CommandOutcome> {
    const id = batchId(params);
    const bar = preflightBar(id);
    try {
      const details = await this.preflight.run(id, cliActor(options.as), new Date(), (progress) =>
        bar.update(progress),
      );
      return { text: detailLines(details), json: { ...details } };
    } finally {
      bar.stop();
    }
  }

  @Option({ flags: '--as <user>', description: AS_DESCRIPTION })
  parseAs(value: string): string {
    return value;
  }
}

/** Pre-flight's progress on stderr when it is a terminal: payments checked out of the batch's. */
function preflightBar(id: number): {
  update(progress: PreflightProgress): void;
  stop(): void;
} {
  if (process.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'pre-flight of batch {id} [{bar}] {value}/{total} checked | ETA {left}',
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let first: number | null = null;
  bar.start(1, 0, { id, left: '--' });
  return {
    update: ({ checked, total }) => {
      first ??= checked;
      bar.setTotal(total);
      bar.update(checked, {
        id,
        left: etaText(checked - first, total - first, Date.now() - started),
      });
    },
    stop: () => bar.stop(),
  };
}

type ApproveOptions = ActorOptions;

@SubCommand({
  name: 'approve',
  arguments: '<id>',
  description: 'Approve a batch (not by the person who imported it)',
})
export class BatchApproveCommand extends JsonCommand<ApproveOptions> {
  constructor(private readonly lifecycle: BatchLifecycle) {
    super();
  }

  protected async execute(params: string[], options: ApproveOptions): Promise<CommandOutcome> {
    if (options.as === undefined || options.as.trim() === '') {
      throw new AppError('BAD_ARGUMENT', 'Say who approves: --as USER.');
    }
    const details = await this.lifecycle.approve(batchId(params), cliActor(options.as));
    return { text: detailLines(details), json: { ...details } };
  }

  @Option({ flags: '--as <user>', description: 'who approves' })
  parseAs(value: string): string {
    return value;
  }
}

interface RunOptions extends ActorOptions {
  wait?: boolean;
}

@SubCommand({
  name: 'run',
  arguments: '<id>',
  description: 'Start paying (or collecting) an approved batch (--wait: until done)',
})
export class BatchRunCommand extends JsonCommand<RunOptions> {
  constructor(
    private readonly batches: BatchQueries,
    private readonly lifecycle: BatchLifecycle,
    private readonly runner: BatchRunner,
    private readonly payments: BatchPayments,
  ) {
    super();
  }

  protected async execute(params: string[], options: RunOptions): Promise<CommandOutcome> {
    const id = batchId(params);
    const before = await this.batches.get(id);
    if (before.status !== 'RUNNING' && before.status !== 'PAUSED') {
      await this.lifecycle.start(id, cliActor(options.as));
    }
    if (options.wait !== true) {
      const view = await this.batches.viewOf(id);
      return {
        text: [
          ...viewLines(view),
          'The service (npm start) pays it in the background; or run with --wait to pay it from here.',
        ],
        json: { ...view },
      };
    }
    const progress = this.progress(id);
    try {
      await this.runner.work(id, { untilDone: true });
    } finally {
      await progress.stop();
    }
    const view = await this.batches.viewOf(id);
    return {
      text: [...viewLines(view), ...(await failureLines(this.payments, id, view.counts.FAILED))],
      json: { ...view },
      exitCode: view.status === 'COMPLETED' ? 0 : 2,
    };
  }

  /** A progress bar on stderr when it is a terminal: done/total, rate, ETA, failures. */
  private progress(id: number): { stop(): Promise<void> } {
    if (process.stderr.isTTY !== true) return { stop: () => Promise.resolve() };
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: 'batch {id} [{bar}] {value}/{total} | {rate}/s | ETA {left} | failures {failed}',
      },
      Presets.shades_classic,
    );
    const started = Date.now();
    let stopped = false;
    bar.start(1, 0, { id, rate: '0.0', left: '--', failed: 0 });
    const update = async () => {
      const view = await this.batches.viewOf(id);
      const c = view.counts;
      const done = c.COMPLETED + c.FAILED + c.CANCELED + (c.AWAITING_PAYMENT ?? 0);
      const total = done + c.PENDING + c.PROCESSING;
      const elapsed = Date.now() - started;
      bar.setTotal(total);
      bar.update(done, {
        id,
        rate: (done / Math.max(1, elapsed / 1000)).toFixed(1),
        left: etaText(done, total, elapsed),
        failed: c.FAILED,
      });
    };
    const timer = setInterval(() => void update().catch(() => undefined), 500);
    return {
      stop: async () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        await update().catch(() => undefined);
        bar.stop();
      },
    };
  }

  @Option({ flags: '--as <user>', description: AS_DESCRIPTION })
  parseAs(value: string): string {
    return value;
  }

  @Option({
    flags: '--wait',
    description: 'pay the batch from this process until every payment is final',
  })
  parseWait(): boolean {
    return true;
  }
}

function control(
  name: BatchControl,
  description: string,
  act: (lifecycle: BatchLifecycle, id: number, actor: Actor) => Promise<unknown>,
) {
  @SubCommand({ name, arguments: '<id>', description })
  class ControlCommand extends JsonCommand<ActorOptions> {
    constructor(
      readonly batches: BatchQueries,
      readonly lifecycle: BatchLifecycle,
    ) {
      super();
    }

    protected async execute(params: string[], options: ActorOptions): Promise<CommandOutcome> {
      const id = batchId(params);
      const done = await act(this.lifecycle, id, cliActor(options.as));
      const view = await this.batches.viewOf(id);
      const retried = typeof done === 'number' ? done : 0;
      return {
        text: [...viewLines(view), ...controlHints(name, view, retried)],
        json: { ...view },
      };
    }

    @Option({ flags: '--as <user>', description: AS_DESCRIPTION })
    parseAs(value: string): string {
      return value;
    }
  }
  Object.defineProperty(ControlCommand, 'name', {
    value: `Batch${name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Command`,
  });
  return ControlCommand;
}

export const BatchPauseCommand = control(
  'pause',
  'Stop sending new payments (those in flight are followed)',
  (b, id, actor) => b.pause(id, actor),
);
export const BatchResumeCommand = control('resume', 'Resume a paused batch', (b, id, actor) =>
  b.resume(id, actor),
);
export const BatchCancelCommand = control(
  'cancel',
  'Cancel the payments not yet sent',
  (b, id, actor) => b.cancel(id, actor),
);
export const BatchRetryFailedCommand = control(
  'retry-failed',
  'Try FAILED payments again, with new reference ids',
  (b, id, actor) => b.retryFailed(id, actor),
);

const SUBCOMMANDS = [
  BatchListCommand,
  BatchPaymentsCommand,
  BatchCreateCommand,
  BatchShowCommand,
  BatchPreflightCommand,
  BatchApproveCommand,
  BatchRunCommand,
  BatchPauseCommand,
  BatchResumeCommand,
  BatchCancelCommand,
  BatchRetryFailedCommand,
];

@Command({
  name: 'batch',
  description:
    'Payout and invoice batches: list, show, payments, preflight, approve, run, pause, resume, cancel',
  subCommands: SUBCOMMANDS,
})
export class BatchCommand extends CommandRunner {
  run(): Promise<void> {
    return Promise.reject(
      new AppError(
        'BAD_ARGUMENT',
        'Say what to do: batch list | show | payments | preflight | approve | run | pause | resume | cancel | retry-failed (see --help).',
      ),
    );
  }
}

export const BatchCommands = [BatchCommand, ...SUBCOMMANDS];
