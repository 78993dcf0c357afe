import { Body, Controller, Get, type INestApplication, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { AppError } from '../src/common/app-error';
import { AllExceptionsFilter } from '../src/http/all-exceptions.filter';
import { createValidationPipe } from '../src/http/validation';

class PayeeDto {
  @IsString()
  name!: string;
}

class ProbeDto {
  @IsInt()
  @Min(1)
  count!: number;

  @ValidateNested()
  @Type(() => PayeeDto)
  payee!: PayeeDto;
}

@Controller('probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto): { count: number; countType: string } {
    return { count: body.count, countType: typeof body.count };
  }

  @Get('domain-error')
  domainError(): never {
    throw new AppError('BATCH_NOT_APPROVED', 'Batch 7 is not approved', 409, { batchId: 7 });
  }

  @Get('crash')
  crash(): never {
    throw new Error('db password is hunter2 at /srv/app/src/x.ts:12');
  }
}

@Module({
  controllers: [ProbeController],
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
class ProbeModule {}

describe('HTTP validation and the error shape', () => {
  let app: INestApplication;
  let baseUrl: string;

  async function call(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('transforms valid bodies to the declared types', async () => {
    const response = await call(
      'POST',
      '/probe',
      JSON.stringify({ count: 3, payee: { name: 'Amara' } }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ count: 3, countType: 'number' });
  });

  it('refuses unknown fields and names every bad field', async () => {
    const response = await call(
      'POST',
      '/probe',
      JSON.stringify({ count: 0, payee: { name: 5 }, admin: true }),
    );
    expect(response.status).toBe(400);
    const body = response.body as {
      error: { code: string; message: string; details: { field: string }[] };
    };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['admin', 'count', 'payee.name']);
    expect(body.error.message).toContain('count');
  });

  it('answers malformed JSON with the error shape', async () => {
    const response = await call('POST', '/probe', '{"count": ');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('passes domain errors through with their code, status and details', async () => {
    const response = await call('GET', '/probe/domain-error');
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      error: {
        code: 'BATCH_NOT_APPROVED',
        message: 'Batch 7 is not approved',
        details: { batchId: 7 },
      },
    });
  });

  it('hides the message and stack of unexpected errors', async () => {
    const response = await call('GET', '/probe/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'An unexpected error occurred. It has been logged.',
        details: null,
      },
    });
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });
});
