import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { WebhookOutbox } from '../../src/reconciliation/webhook-outbox';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { PayoutCli } from '../batches/payout-support';
import { lastJsonLine } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SECRET = 'whsec-test-5e1f9a0c';

interface Delivery {
  eventId: string | undefined;
  signature: string | undefined;
  body: string;
  verified: boolean;
  answered: number;
}

/** An ERP's receiver: verifies the signature over the raw body, answers 500 when told to. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  failNext = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const signature = req.headers['x-dollr-connector-signature'] as string | undefined;
        const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
        const verified =
          signature !== undefined &&
          signature.length === expected.length &&
          timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
        const answered = !verified ? 401 : this.failNext > 0 ? 500 : 204;
        if (verified && this.failNext > 0) this.failNext -= 1;
        this.deliveries.push({
          eventId: req.headers['x-dollr-connector-event-id'] as string | undefined,
          signature,
          body,
          verified,
          answered,
        });
        res.statusCode = answered;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/erp/dollr-events`;
  }

  /** Events the ERP accepted (2xx), by event id. */
  accepted(): Map<string, Record<string, unknown>> {
    const events = new Map<string, Record<string, unknown>>();
    for (const d of this.deliveries) {
      if (d.answered !== 204 || d.eventId === undefined) continue;
      if (events.has(d.eventId)) throw new Error(`event ${d.eventId} was accepted twice`);
      events.set(d.eventId, JSON.parse(d.body) as Record<string, unknown>);
    }
    return events;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

interface RunJson {
  status: string;
  error: string | null;
  counts: { created: number; delivered: number; retrying: number; failed: number };
}

describe('ERP webhook: signed events on final payment statuses', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;
  const receiver = new Receiver();

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 400 } });
    await receiver.start();
    cli = PayoutCli.for(db.url, sandbox, {
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_RETRY_SECONDS: '1',
      LOG_LEVEL: 'info',
    });
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await receiver.close();
    await sandbox?.close();
    await db?.drop();
  });

  async function paidBatch(name: string, period: string, rows: [string, string, string, string][]) {
    const file = cli.payroll(name, period, rows);
    const { batchId } = await cli.json<{ batchId: number }>([
      'import',
      file,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    const run = await cli.run(['batch', 'run', String(batchId), '--wait', '--json']);
    expect([0, 2]).toContain(run.code);
    return batchId;
  }

  async function dispatch(): Promise<RunJson & { output: string }> {
    const result = await cli.run(['jobs', 'run', 'webhook-dispatch', '--json']);
    if (result.code !== 0) {
      throw new Error(
        `webhook-dispatch exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return {
      ...(lastJsonLine(result.stdout) as unknown as RunJson),
      output: result.stdout + result.stderr,
    };
  }

  it('delivers each final payment once, signed, and retries a failed delivery with the same event', async () => {
    const batchId = await paidBatch('june.csv', '2026-06', [
      ['W001', 'Amara Kamara', '0886123456', '150.00'],
      ['W002', 'Jerome Kollie', '0770123457', '99.50'],
      ['W003', 'Musa Dukuly', '0886123901', '20.00'],
    ]);
    receiver.failNext = 1;

    const first = await dispatch();
    expect(first).toMatchObject({
      status: 'SUCCEEDED',
      counts: { created: 3, delivered: 2, retrying: 1, failed: 0 },
    });
    expect(first.output).not.toContain(SECRET);
    expect(first.output).toMatch(
      /delivery 1 to http:\/\/127\.0\.0\.1:\d+\/erp\/dollr-events: HTTP 500/,
    );
    const refused = receiver.deliveries.find((d) => d.answered === 500);
    expect(refused?.verified).toBe(true);

    // The retry waits WEBHOOK_RETRY_SECONDS, then brings the same event, byte for byte.
    const second = await (async () => {
      for (;;) {
        const run = await dispatch();
        if (run.counts.delivered > 0) return run;
      }
    })();
    expect(second.counts).toMatchObject({ created: 0, delivered: 1, retrying: 0 });
    const retried = receiver.deliveries.filter((d) => d.eventId === refused?.eventId);
    expect(retried.map((d) => d.answered)).toEqual([500, 204]);
    expect(retried[1]?.body).toBe(refused?.body);
    expect(retried[1]?.signature).toBe(refused?.signature);

    const again = await dispatch();
    expect(again.counts).toEqual({ created: 0, delivered: 0, retrying: 0, failed: 0 });

    const accepted = receiver.accepted();
    expect(accepted.size).toBe(3);
    const payments = await dataSource.query<
      { id: number; external_ref: string; status: string; reference_id: string }[]
    >(
      'SELECT id, external_ref, status, reference_id FROM payments WHERE batch_id = ? ORDER BY id',
      [batchId],
    );
    const byPayment = new Map(
      [...accepted.values()].map((e) => [(e.data as { payment_id: number }).payment_id, e]),
    );
    for (const payment of payments) {
      const event = byPayment.get(payment.id);
      expect(event).toMatchObject({
        type: `payment.${payment.status.toLowerCase()}`,
        data: {
          batch_id: batchId,
          external_ref: payment.external_ref,
          status: payment.status,
          reference_id: payment.reference_id,
          currency: 'USD',
        },
      });
      expect(accepted.get(event?.event_id as string)).toBe(event);
    }
    expect(byPayment.get(payments[0]?.id ?? 0)).toMatchObject({
      type: 'payment.completed',
      data: { amount: '150.00', row_number: 2, reason: null },
    });
    const failed = byPayment.get(payments[2]?.id ?? 0) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(failed.type).toBe('payment.failed');
    expect(failed.data.amount).toBe('20.00');
    expect(typeof failed.data.reason).toBe('string');
    for (const d of receiver.deliveries) expect(d.verified).toBe(true);

    const rows = await dataSource.query<{ status: string; attempts: number | string }[]>(
      'SELECT status, attempts FROM webhook_events ORDER BY id',
    );
    expect(rows.map((r) => [r.status, Number(r.attempts)]).sort()).toEqual([
      ['DELIVERED', 1],
      ['DELIVERED', 1],
      ['DELIVERED', 2],
    ]);
  }, 300_000);

  it('two dispatchers at once (replicas) make and deliver each event once', async () => {
    const before = receiver.deliveries.length;
    await paidBatch('july.csv', '2026-07', [
      ['W004', 'Fatu Sirleaf', '0555123458', '75.25'],
      ['W005', 'Comfort Doe', '0886123460', '12.00'],
    ]);
    const [a, b] = await Promise.all([dispatch(), dispatch()]);
    expect(a.counts.created + b.counts.created).toBe(2);
    expect(a.counts.delivered + b.counts.delivered).toBe(2);
    const fresh = receiver.deliveries.slice(before);
    expect(fresh).toHaveLength(2);
    expect(new Set(fresh.map((d) => d.eventId)).size).toBe(2);
    expect(receiver.accepted().size).toBe(5);
  }, 300_000);

  it('counts each event once when two scans make the same events at the same moment', async () => {
    await paidBatch('august.csv', '2026-08', [
      ['W008', 'Tenneh Kamara', '0886123461', '5.00'],
      ['W009', 'Sando Johnson', '0770123462', '6.00'],
    ]);
    // Two replicas' scans, interleaved: both find the two payments before either inserts.
    const outbox = new WebhookOutbox(dataSource);
    const now = new Date();
    const [a, b] = await Promise.all([
      outbox.enqueueFinalPayments(now),
      outbox.enqueueFinalPayments(now),
    ]);
    expect(a + b).toBe(2);
    expect((await dispatch()).counts).toMatchObject({ created: 0, delivered: 2 });
  });

  it('announces each failure of a retried payment, each with its own reference_id', async () => {
    const batchId = await paidBatch('september.csv', '2026-09', [
      ['W007', 'Korto Weah', '0886123902', '8.00'],
    ]);
    expect((await dispatch()).counts).toMatchObject({ created: 1, delivered: 1 });
    await cli.json(['batch', 'retry-failed', String(batchId)]);
    const rerun = await cli.run(['batch', 'run', String(batchId), '--wait', '--json']);
    expect(lastJsonLine(rerun.stdout)).toMatchObject({ counts: { FAILED: 1 } });
    expect((await dispatch()).counts).toMatchObject({ created: 1, delivered: 1 });
    expect((await dispatch()).counts.created).toBe(0);

    const [payment] = await dataSource.query<{ id: number }[]>(
      'SELECT id FROM payments WHERE batch_id = ?',
      [batchId],
    );
    const events = [...receiver.accepted().values()]
      .map(
        (e) =>
          e as {
            type: string;
            data: { payment_id: number; attempt: number; reference_id: string };
          },
      )
      .filter((e) => e.data.payment_id === payment?.id);
    expect(events.map((e) => [e.type, e.data.attempt])).toEqual([
      ['payment.failed', 1],
      ['payment.failed', 2],
    ]);
    expect(new Set(events.map((e) => e.data.reference_id)).size).toBe(2);
  }, 300_000);

  it('gives up after WEBHOOK_MAX_ATTEMPTS and marks the event FAILED', async () => {
    await paidBatch('august.csv', '2026-08', [['W006', 'Joseph Boakai', '0886123461', '5.00']]);
    receiver.failNext = 10;
    const limited = cli.with({ WEBHOOK_MAX_ATTEMPTS: '2' });
    const firstRun = await limited.run(['jobs', 'run', 'webhook-dispatch', '--json']);
    const first = lastJsonLine(firstRun.stdout) as unknown as RunJson;
    expect(first.counts).toMatchObject({ created: 1, delivered: 0, retrying: 1 });
    // The receiver took nothing: the run is on record as failed, with why, and the CLI says so.
    expect(first.status).toBe('FAILED');
    expect(first.error).toMatch(/^no event could be delivered; the first: event .* HTTP 500$/);
    expect(firstRun.code).toBe(1);
    for (;;) {
      const run = lastJsonLine(
        (await limited.run(['jobs', 'run', 'webhook-dispatch', '--json'])).stdout,
      ) as unknown as RunJson;
      if (run.counts.failed > 0) break;
    }
    const [event] = await dataSource.query<
      { status: string; attempts: number | string; last_error: string; last_status_code: number }[]
    >(
      "SELECT status, attempts, last_error, last_status_code FROM webhook_events WHERE status <> 'DELIVERED'",
    );
    expect(event).toMatchObject({ status: 'FAILED', last_error: 'HTTP 500' });
    expect(Number(event?.attempts)).toBe(2);
    receiver.failNext = 0;
  }, 300_000);
});
