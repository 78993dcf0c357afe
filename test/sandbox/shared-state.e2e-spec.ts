import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { call, ledger, Merchant, TestClock } from './sandbox-client';

describe('sandbox state shared through one SQLite file', () => {
  let dir: string;
  let statePath: string;
  let clock: TestClock;
  const running: RunningSandbox[] = [];

  const start = async (publicUrl?: string) => {
    const sandbox = await startSandbox({
      statePath,
      ...(publicUrl === undefined ? {} : { publicUrl }),
      now: clock.now,
      timing: { pendingMs: 1_000, processingMs: 5_000 },
    });
    running.push(sandbox);
    return sandbox;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dollr-sandbox-'));
    statePath = join(dir, 'state', 'sandbox.sqlite');
    clock = new TestClock();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a second process find what the first one executed', async () => {
    const a = await start();
    const b = await start();
    const merchantA = await Merchant.login(a);
    const setup = await merchantA.collectionSetup('231886123456');
    const ref = randomUUID();
    await merchantA.ok(merchantA.collect(setup, ref));

    // A token from one process is valid at the other.
    const merchantB = new Merchant(b, merchantA.token);
    clock.advance(6_000);
    expect((await merchantB.ok(merchantB.get(`/v1/status/collection/${ref}`))).body.status).toBe(
      'COMPLETED',
    );
    expect((await merchantA.get(`/v1/invoices/retrieve/${setup.invoiceId}`)).body.status).toBe(
      'PAID',
    );

    // Idempotency holds across processes: the replay on B moves nothing.
    await merchantB.ok(merchantB.collect(setup, ref));
    expect((await ledger(a)).executions).toEqual([
      expect.objectContaining({ reference_id: ref, requests: 2, effects: 1 }),
    ]);
  });

  it('names the address it is told in payment links, and that sandbox serves them', async () => {
    const stable = await start();
    const passing = await start(stable.url);
    const merchant = await Merchant.login(passing);
    const { id } = await merchant.counterparty('231886123457');
    const invoiceId = await merchant.publishedInvoice(id);
    const number = (await merchant.get(`/v1/invoices/retrieve/${invoiceId}`)).body
      .invoice_number as string;

    const link = await merchant.ok(
      merchant.get(`/v1/links/pay?source_type=INVOICE&source_number=${number}`),
    );
    await passing.close();

    expect(link.body.url).toBe(`${stable.url}/hosted/pay/${number}`);
    expect((await fetch(link.body.url as string)).status).toBe(200);
  });

  it('keeps everything across a restart', async () => {
    const first = await start();
    const merchant = await Merchant.login(first);
    const setup = await merchant.payoutSetup('231886123456', 10);
    const ref = randomUUID();
    await merchant.ok(merchant.payout(setup, ref));
    await first.close();

    clock.advance(6_000);
    const second = await start();
    const again = new Merchant(second, merchant.token);
    expect((await again.ok(again.get(`/v1/status/payout/${ref}`))).body.status).toBe('COMPLETED');
    const wallet = (await ledger(second)).wallets.find((w) => w.currency === 'USD');
    expect(wallet).toMatchObject({ balance: '999989.80' });
  });

  it('shares the clock offset set through the control endpoint', async () => {
    const a = await start();
    const b = await start();
    await call(a.url, 'POST', '/__sandbox/clock', { body: { advance: '90s' } });
    expect(b.now() - clock.ms).toBe(90_000);
  });

  it('forgets the world on reset, keeps tokens working, and never reuses ids', async () => {
    const sandbox = await start();
    const merchant = await Merchant.login(sandbox);
    const before = await merchant.counterparty('231886123456');
    await merchant.ok(merchant.payout(await merchant.payoutSetup('231886123456', 10)));
    await call(sandbox.url, 'PUT', '/__sandbox/merchants/sandbox', { body: { verified: false } });

    const reset = await call(sandbox.url, 'POST', '/__sandbox/reset');
    expect(reset.body).toEqual({ reset: true });
    const book = await ledger(sandbox);
    expect(book.executions).toEqual([]);
    expect(book.wallets.map((w) => [w.currency, w.balance])).toEqual([
      ['USD', '1000000.00'],
      ['LRD', '190000000.00'],
      ['RWF', '1400000000'],
    ]);
    expect((await merchant.ok(merchant.get('/v1/parties/list'))).body).toEqual([]);
    const after = await merchant.counterparty('231886123456');
    expect(after.partyId).toBeGreaterThan(before.partyId);
    // Verification is back to the configured default.
    expect((await merchant.payoutSetup('231886123456', 10)).sessionId).toBeGreaterThan(0);
  });
});
