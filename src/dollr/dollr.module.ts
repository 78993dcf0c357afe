import {
  type DynamicModule,
  Injectable,
  type InjectionToken,
  Logger,
  Module,
  type OnApplicationShutdown,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { redactValue } from '../common/redact';
import { WORKER_ID } from '../common/worker-id';
import { AppConfig } from '../config/app-config';
import { dollrAnswer, Metrics } from '../metrics/metrics';
import { DollrClient, type DollrClientOptions } from './dollr.client';
import { RATE_BUDGET_STORE, type RateBudgetStore } from './shared-rate-budget';
import type { DollrBaseUrl, DollrExchangeObserver, DollrLogger } from './transport';

/**
 * Where and as whom the client connects, when not taken from AppConfig. In sandbox mode the
 * connector starts its sandbox first and passes its URL and credentials here.
 */
export interface DollrConnection {
  readonly baseUrl?: DollrBaseUrl;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly payoutPasscode?: string;
  readonly payoutPhone?: string;
}

/** The sandbox's default credentials (`sandbox`/`sandbox`, payout passcode `123456`). */
export function sandboxConnection(baseUrl: string): DollrConnection {
  return { baseUrl, clientId: 'sandbox', clientSecret: 'sandbox', payoutPasscode: '123456' };
}

/** Client options from the validated configuration, with `connection` taking precedence. */
export function dollrClientOptions(
  config: AppConfig,
  connection: DollrConnection = {},
  logger: DollrLogger = nestDollrLogger(),
): DollrClientOptions {
  const dollr = config.dollr;
  const clientId = connection.clientId ?? dollr.clientId;
  const clientSecret = connection.clientSecret ?? dollr.clientSecret;
  if (clientId === undefined || clientSecret === undefined) {
    throw new Error(
      'The Dollr client has no credentials: set DOLLR_CLIENT_ID and DOLLR_CLIENT_SECRET, or in ' +
        'sandbox mode pass the sandbox URL and credentials to DollrModule.forRoot().',
    );
  }
  const passcode = connection.payoutPasscode ?? dollr.payoutPasscode;
  const phone = connection.payoutPhone ?? dollr.payoutPhone;
  return {
    baseUrl: connection.baseUrl ?? dollr.baseUrl,
    clientId,
    clientSecret,
    timeoutMs: dollr.timeoutMs,
    rateLimitRps: dollr.rateLimitRps,
    maxConcurrency: dollr.maxConcurrency,
    payout: passcode === undefined ? undefined : { passcode, phone },
    logger,
  };
}

/** Counts each exchange with Dollr in the process's metrics. */
function exchangeMetrics(metrics: Metrics): DollrExchangeObserver {
  return {
    exchanged: (operation, answer, seconds) =>
      metrics.dollrExchange(operation, dollrAnswer(answer), seconds),
  };
}

/** Sends the client's log lines to Nest's logger (which the app routes to pino). */
export function nestDollrLogger(logger = new Logger('Dollr')): DollrLogger {
  const format = (message: string, context?: Record<string, unknown>): string =>
    context === undefined ? message : `${message} ${JSON.stringify(redactValue(context))}`;
  return {
    debug: (message, context) => logger.debug(format(message, context)),
    warn: (message, context) => logger.warn(format(message, context)),
  };
}

export interface DollrModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => DollrConnection | Promise<DollrConnection>;
}

const DOLLR_CONNECTION = Symbol('DOLLR_CONNECTION');

/** Returns this process's share of the Dollr rate limit to the other processes at shutdown. */
@Injectable()
class DollrClientShutdown implements OnApplicationShutdown {
  constructor(private readonly client: DollrClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Provides one `DollrClient` (shared token, rate limit and 429 pause) built from AppConfig, which
 * must be available (AppConfigModule is global). Where a RATE_BUDGET_STORE is provided (globally),
 * the rate limit is shared with the other processes sending for the merchant.
 */
@Module({})
export class DollrModule {
  /** `connection` overrides AppConfig, e.g. `DollrModule.forRoot(sandboxConnection(url))`. */
  static forRoot(connection: DollrConnection = {}): DynamicModule {
    return DollrModule.build([], { provide: DOLLR_CONNECTION, useValue: connection });
  }

  /** For a connection known only at run time, e.g. once an in-process sandbox has started. */
  static forRootAsync(options: DollrModuleAsyncOptions): DynamicModule {
    return DollrModule.build(options.imports ?? [], {
      provide: DOLLR_CONNECTION,
      inject: options.inject ?? [],
      useFactory: options.useFactory,
    });
  }

  private static build(
    imports: NonNullable<ModuleMetadata['imports']>,
    connection: NonNullable<ModuleMetadata['providers']>[number],
  ): DynamicModule {
    return {
      module: DollrModule,
      imports,
      providers: [
        connection,
        {
          provide: DollrClient,
          inject: [
            AppConfig,
            DOLLR_CONNECTION,
            { token: Metrics, optional: true },
            { token: RATE_BUDGET_STORE, optional: true },
          ],
          useFactory: (
            config: AppConfig,
            overrides: DollrConnection,
            metrics?: Metrics,
            budget?: RateBudgetStore,
          ) =>
            new DollrClient({
              ...dollrClientOptions(config, overrides),
              ...(metrics === undefined ? {} : { observer: exchangeMetrics(metrics) }),
              ...(budget === undefined
                ? {}
                : { sharedBudget: { store: budget, sender: WORKER_ID } }),
            }),
        },
        DollrClientShutdown,
      ],
      exports: [DollrClient],
    };
  }
}
