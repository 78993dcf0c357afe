import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { DatabaseService } from './database/database.service';
import { EmbeddedSandbox } from './dollr/embedded-sandbox';

/**
 * Builds the HTTP application: structured logging, OpenAPI docs at /docs, a database opened
 * and migrated to the current schema, and in sandbox mode the embedded Dollr sandbox. The caller decides whether and where to listen.
 */
export async function createHttpApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  applySecurityHeaders(app);
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.http.corsOrigins],
      allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type'],
      exposedHeaders: ['Content-Disposition', 'Retry-After'],
      maxAge: 600,
    });
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('dollr-connector')
      .setDescription(
        'Import payroll, supplier and invoice spreadsheets, pay out and collect through Dollr, reconcile and report.',
      )
      .setVersion('1')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'An API key: npm run cli -- keys create' },
        'api-key',
      )
      .addSecurityRequirements('api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.get(DatabaseService).migrate();
  // The service says SANDBOX MODE when it starts, not at its first payment.
  if (config.dollr.mode === 'sandbox') await app.get(EmbeddedSandbox).start();
  return app;
}

/**
 * helmet's headers on every response. The API and the console allow scripts, styles and images
 * from this origin only; the Swagger UI at /docs also needs its inline styles.
 */
function applySecurityHeaders(app: NestExpressApplication): void {
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  };
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives } });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] },
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path === '/docs' || request.path.startsWith('/docs/') ? docs : strict)(
      request,
      response,
      next,
    ),
  );
}
