import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig, type LogLevel } from '../config/app-config';
import { humanLogStream } from './human-log-stream';
import { redactLogArgument, redactedErrorSerializer } from './log-redaction';

export type LogDestination = 'stdout' | 'stderr';

/**
 * Structured JSON logs through pino. Secrets are removed twice: by key (authorization headers,
 * secrets, passcodes, tokens) and by value (every registered secret, bearer tokens, JWTs).
 * The CLI logs readable lines to stderr so that stdout carries only its output, and only warnings and errors
 * unless LOG_LEVEL is set.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination: LogDestination, levelOverride?: LogLevel): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          // nestjs-pino 4 (the line that installs on Node 20) types both as required.
          imports: [],
          providers: [],
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: levelOverride ?? config.logLevel,
              stream:
                destination === 'stdout'
                  ? pino.destination({ dest: 1, sync: true })
                  : humanLogStream(),
              redact: {
                paths: [
                  'req.headers.authorization',
                  'req.headers["x-api-key"]',
                  'req.headers.cookie',
                  'res.headers["set-cookie"]',
                ],
                censor: '***',
              },
              serializers: { err: redactedErrorSerializer, error: redactedErrorSerializer },
              hooks: {
                logMethod(args: unknown[], method: (...a: unknown[]) => void) {
                  method.apply(this, args.map(redactLogArgument));
                },
              },
              customLogLevel: (_req, res, error) =>
                error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              autoLogging: { ignore: (req) => req.url === '/health' },
            },
          }),
        }),
      ],
    };
  }
}
