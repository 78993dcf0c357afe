import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { AppError } from '../common/app-error';
import { cliActor } from './actor';
import { ApiKeysService, type ApiKeyView } from './api-keys.service';
import { AuditLog } from './audit-log.service';
import { nextPageLines, PagedCommand, type PageOptions, pageOfOptions } from '../cli/paged-command';
import { ROLES } from './roles';

interface ActorOption extends JsonOption {
  as?: string;
}

interface CreateOptions extends ActorOption {
  name?: string;
  role?: string;
}

function wholeNumber(value: string | undefined, what: string): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n <= 0) {
    throw new AppError('BAD_ARGUMENT', `"${value ?? ''}" is not ${what} (a whole number).`);
  }
  return n;
}

function keyLine(key: ApiKeyView): string {
  const state = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`;
  return `  ${String(key.id).padStart(4)}  ${key.name.padEnd(20)} ${key.role.padEnd(8)} ${key.hint}…  created ${key.createdAt} by ${key.createdBy}; last used ${key.lastUsedAt ?? 'never'}; ${state}`;
}

abstract class ActorCommand<O extends ActorOption> extends JsonCommand<O> {
  @Option({
    flags: '--as <user>',
    description: 'who does it, for the audit log (default: cli:<system user>)',
  })
  parseAs(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'create', description: 'Create an API key (shown once): --name N --role R' })
export class KeysCreateCommand extends ActorCommand<CreateOptions> {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  protected async execute(_params: string[], options: CreateOptions): Promise<CommandOutcome> {
    if (options.name === undefined || options.role === undefined) {
      throw new AppError(
        'BAD_ARGUMENT',
        `Give the key a name and a role: keys create --name alice --role maker (roles: ${ROLES.join(', ')}).`,
      );
    }
    const created = await this.keys.create(options.name, options.role, cliActor(options.as));
    return {
      text: [
        `Created API key ${created.id} "${created.name}" with the role ${created.role}:`,
        '',
        `  ${created.key}`,
        '',
        'Store it now: it is shown only this once (only its SHA-256 is kept).',
        'Send it as "Authorization: Bearer <key>" or "X-API-Key: <key>", or sign in to the console with it.',
      ],
      json: { id: created.id, name: created.name, role: created.role, key: created.key },
    };
  }

  @Option({ flags: '--name <name>', description: 'who or what uses the key (unique)' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `one of ${ROLES.join(', ')}` })
  parseRole(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List API keys (never the keys themselves)' })
export class KeysListCommand extends PagedCommand {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  protected async execute(_params: string[], options: PageOptions): Promise<CommandOutcome> {
    const request = pageOfOptions(options);
    const { items: keys, next } = await this.keys.list(request);
    return {
      text:
        keys.length === 0
          ? [
              request.after === undefined
                ? 'No API keys yet. Create the first admin key: npm run cli -- keys create --name admin --role admin'
                : 'No more API keys.',
            ]
          : ['API keys:', ...keys.map(keyLine), ...nextPageLines('keys list', request, next)],
      json: { keys, next },
    };
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'Revoke an API key' })
export class KeysRevokeCommand extends ActorCommand<ActorOption> {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  protected async execute(params: string[], options: ActorOption): Promise<CommandOutcome> {
    const key = await this.keys.revoke(wholeNumber(params[0], 'a key id'), cliActor(options.as));
    return { text: [`Revoked API key ${key.id} "${key.name}".`], json: { ...key } };
  }
}

@Command({
  name: 'keys',
  description: 'API keys for the HTTP API and the console: create, list, revoke',
  subCommands: [KeysCreateCommand, KeysListCommand, KeysRevokeCommand],
})
export class KeysCommand extends CommandRunner {
  run(): Promise<void> {
    return Promise.reject(
      new AppError('BAD_ARGUMENT', 'Say what to do: keys create | list | revoke (see --help).'),
    );
  }
}

interface AuditOptions extends PageOptions {
  batch?: string;
  import?: string;
  action?: string;
}

/** `audit` with the filters it was given, for the line that names the next page. */
function auditCommandLine(options: AuditOptions): string {
  const filters: [string, string | undefined][] = [
    ['--batch', options.batch],
    ['--import', options.import],
    ['--action', options.action],
  ];
  return [
    'audit',
    ...filters.flatMap(([flag, value]) => (value === undefined ? [] : [flag, value])),
  ].join(' ');
}

@Command({
  name: 'audit',
  description: 'The audit log, newest first: who did what, when, with the totals involved',
})
export class AuditCommand extends PagedCommand<AuditOptions> {
  constructor(private readonly audit: AuditLog) {
    super();
  }

  protected async execute(_params: string[], options: AuditOptions): Promise<CommandOutcome> {
    const request = pageOfOptions(options);
    const { items, next } = await this.audit.list(
      {
        batchId: options.batch === undefined ? undefined : wholeNumber(options.batch, 'a batch id'),
        importId:
          options.import === undefined ? undefined : wholeNumber(options.import, 'an import id'),
        action: options.action,
      },
      request,
    );
    return {
      text:
        items.length === 0
          ? ['No audit entries.']
          : items
              .map(
                (e) =>
                  `${e.at}  #${e.id}  ${e.actor} (${e.role})  ${e.action}  ${e.subjectType} ${e.subjectId ?? ''}  ${JSON.stringify(e.details)}`,
              )
              .concat(nextPageLines(auditCommandLine(options), request, next)),
      json: { items, next },
    };
  }

  @Option({
    flags: '--batch <id>',
    description: "a batch's entries (its import's upload included)",
  })
  parseBatch(value: string): string {
    return value;
  }

  @Option({ flags: '--import <id>', description: "an import's entries" })
  parseImport(value: string): string {
    return value;
  }

  @Option({ flags: '--action <action>', description: 'one action, e.g. batch.approved' })
  parseAction(value: string): string {
    return value;
  }
}

export const AUTH_COMMANDS = [
  KeysCommand,
  KeysCreateCommand,
  KeysListCommand,
  KeysRevokeCommand,
  AuditCommand,
];
