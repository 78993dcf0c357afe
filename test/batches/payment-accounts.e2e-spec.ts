import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { invoicesCsv } from '../invoices/invoice-support';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  attemptsOf,
  type BatchJson,
  expectLedgerProof,
  ledger,
  type LedgerEntry,
  PayoutCli,
} from './payout-support';

interface SandboxAccount {
  id: number;
  party_id: number;
  operation_type: string;
  insensitive_account_number: string;
  is_active: boolean;
}

/**
 * Payment accounts that Dollr deactivates, and sessions that expire before their execution is sent:
 * either way Dollr moved nothing, and the payment goes on (with a new account, a new session) under
 * the reference_id it already had, and is paid once.
 */
describe('payment accounts and sessions replaced on the way, end to end against the sandbox (CLI)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let noPasscode: PayoutCli;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 400 } });
    cli = PayoutCli.for(db.url, sandbox);
    // Without the passcode the client refuses the payout execution before it leaves, after the
    // session was opened: the batch pauses with a session that was never used.
    noPasscode = cli.with({ DOLLR_PAYOUT_PASSCODE: '' });
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterEach(async () => {
    await control('POST', '/__sandbox/clock', { set: new Date().toISOString() });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  const deactivate = (dollrAccountId: number) =>
    control('POST', `/__sandbox/payment-accounts/${dollrAccountId}/deactivate`, {});

  const sandboxAccounts = async (partyId: number) =>
    (await control('GET', `/__sandbox/payment-accounts?party_id=${partyId}`)) as SandboxAccount[];

  async function approvedBatch(file: string, type = 'payables'): Promise<number> {
    const summary = await cli.json<{ batchId: number }>([
      'import',
      file,
      '--type',
      type,
      '--as',
      'alice',
    ]);
    await cli.json(['batch', 'preflight', String(summary.batchId)]);
    await cli.json(['batch', 'approve', String(summary.batchId), '--as', 'bob']);
    return summary.batchId;
  }

  async function run(batchId: number, via = cli, expectedCode = 0): Promise<BatchJson> {
    return via.json<BatchJson>(['batch', 'run', String(batchId), '--wait'], expectedCode);
  }

  /** Runs a batch without the passcode: it pauses with its one attempt sent nowhere. */
  async function pausedWithSession(
    batchId: number,
  ): Promise<{ reference: string; session: number }> {
    const paused = await run(batchId, noPasscode, 2);
    expect(paused.status).toBe('PAUSED');
    const [attempt] = await dataSource.query<
      {
        reference_id: string;
        dollr_session_id: number | string | null;
        send_count: number | string;
      }[]
    >(
      `SELECT a.reference_id, a.dollr_session_id, a.send_count FROM payment_attempts a
        JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ?`,
      [batchId],
    );
    expect(attempt?.dollr_session_id).not.toBeNull();
    expect(Number(attempt?.send_count)).toBe(0);
    await cli.json(['batch', 'resume', String(batchId)]);
    return {
      reference: attempt?.reference_id,
      session: Number(attempt?.dollr_session_id),
    };
  }

  async function payee(externalRef: string): Promise<{ partyId: number; accounts: unknown[] }> {
    const [row] = await dataSource.query<{ id: number; dollr_party_id: number | string }[]>(
      'SELECT id, dollr_party_id FROM payees WHERE external_ref = ?',
      [externalRef],
    );
    const accounts = await dataSource.query<
      { dollr_account_id: number | string; is_active: number | boolean }[]
    >('SELECT dollr_account_id, is_active FROM payment_accounts WHERE payee_id = ?', [row?.id]);
    return {
      partyId: Number(row?.dollr_party_id),
      accounts: accounts.map((a) => [Number(a.dollr_account_id), Boolean(Number(a.is_active))]),
    };
  }

  /** How many times each attempt of the batch was sent (a request Dollr refused with 422 on the account does not count). */
  const sendCounts = async (batchId: number): Promise<number[]> =>
    (
      await dataSource.query<{ send_count: number | string }[]>(
        `SELECT a.send_count FROM payment_attempts a JOIN payments p ON p.id = a.payment_id
          WHERE p.batch_id = ? ORDER BY a.id`,
        [batchId],
      )
    ).map((a) => Number(a.send_count));

  const executionsTo = async (phone: string): Promise<LedgerEntry[]> =>
    (await ledger(sandbox)).filter((e) => e.phone === phone);

  it('pays a payee whose payout account Dollr deactivated with a new account, once', async () => {
    const phone = '231886131456';
    const january = await approvedBatch(
      cli.payroll('accounts-jan.csv', '2026-07', [
        ['A001', 'Amara Kamara', '0886 131 456', '10.00'],
      ]),
    );
    expect((await run(january)).status).toBe('COMPLETED');
    const [first] = await executionsTo(phone);
    const oldAccount = first?.payment_account_id as number;
    const { partyId } = await payee('A001');
    expect((await payee('A001')).accounts).toEqual([[oldAccount, true]]);

    await deactivate(oldAccount);

    const february = await approvedBatch(
      cli.payroll('accounts-feb.csv', '2026-08', [
        ['A001', 'Amara Kamara', '0886 131 456', '10.00'],
      ]),
    );
    const done = await run(february);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1, FAILED: 0 } });

    // Dollr has a second account for the party; the first stays inactive.
    const accounts = await sandboxAccounts(partyId);
    expect(
      accounts.map((a) => [a.operation_type, a.insensitive_account_number, a.is_active]),
    ).toEqual([
      ['PAYOUT', phone, false],
      ['PAYOUT', phone, true],
    ]);
    const newAccount = accounts[1]?.id;
    // The connector's row for that use now holds the new account (updated in place).
    expect((await payee('A001')).accounts).toEqual([[newAccount, true]]);

    // Paid once per period: February on the new account, under its one reference_id.
    const executions = await executionsTo(phone);
    expect(executions.map((e) => [e.payment_account_id, e.status, e.effects])).toEqual([
      [oldAccount, 'COMPLETED', 1],
      [newAccount, 'COMPLETED', 1],
    ]);
    const attempts = await attemptsOf(dataSource, february);
    expect(attempts.map((a) => [a.state, a.reference_id])).toEqual([
      ['COMPLETED', executions[1]?.reference_id],
    ]);
    await expectLedgerProof(dataSource, sandbox, february);
  });

  it('replaces an account that Dollr deactivated between the session and the execution, under the same reference_id', async () => {
    const phone = '231886132456';
    const batchId = await approvedBatch(
      cli.payroll('accounts-between.csv', '2026-07', [
        ['A002', 'Jerome Kollie', '0886 132 456', '12.00'],
      ]),
    );
    const paused = await pausedWithSession(batchId);
    const { partyId, accounts } = await payee('A002');
    const [[oldAccount]] = accounts as [number, boolean][];
    await deactivate(oldAccount);

    // The session is still valid, so the execution itself is refused on the account (422).
    const done = await run(batchId);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1 } });
    const onDollr = await sandboxAccounts(partyId);
    expect(onDollr.map((a) => [a.id === oldAccount, a.is_active])).toEqual([
      [true, false],
      [false, true],
    ]);
    const [execution, ...others] = await executionsTo(phone);
    expect(others).toEqual([]);
    expect(execution).toMatchObject({
      reference_id: paused.reference,
      payment_account_id: onDollr[1]?.id,
      status: 'COMPLETED',
      effects: 1,
    });
    expect(execution?.session_id).not.toBe(paused.session);
    expect((await attemptsOf(dataSource, batchId)).map((a) => a.reference_id)).toEqual([
      paused.reference,
    ]);
    // The execution refused on the account moved nothing and is not counted as a send.
    expect(await sendCounts(batchId)).toEqual([1]);
    await expectLedgerProof(dataSource, sandbox, batchId);
  });

  it('replaces a session that expired before its execution was sent, and never executes the expired one', async () => {
    const phone = '231886133456';
    const batchId = await approvedBatch(
      cli.payroll('sessions-expired.csv', '2026-07', [
        ['A003', 'Fatu Sirleaf', '0886 133 456', '7.50'],
      ]),
    );
    // Dollr's clock 20 minutes behind: the payout session it opens expires (15 min) 5 minutes ago.
    await control('POST', '/__sandbox/clock', {
      set: new Date(Date.now() - 20 * 60_000).toISOString(),
    });
    const paused = await pausedWithSession(batchId);
    await control('POST', '/__sandbox/clock', { set: new Date().toISOString() });
    const [expiresAt] = await dataSource.query<{ session_expires_at: string | Date }[]>(
      `SELECT a.session_expires_at FROM payment_attempts a JOIN payments p ON p.id = a.payment_id
        WHERE p.batch_id = ?`,
      [batchId],
    );
    expect(new Date(expiresAt?.session_expires_at as string).getTime()).toBeLessThan(Date.now());

    const done = await run(batchId);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1 } });
    const executions = await executionsTo(phone);
    expect(executions).toEqual([
      expect.objectContaining({
        reference_id: paused.reference,
        status: 'COMPLETED',
        requests: 1,
        effects: 1,
      }),
    ]);
    expect(executions[0]?.session_id).not.toBe(paused.session);
    expect((await ledger(sandbox)).some((e) => e.session_id === paused.session)).toBe(false);
    expect((await attemptsOf(dataSource, batchId)).map((a) => a.reference_id)).toEqual([
      paused.reference,
    ]);
    // Replaced before anything was sent: one send, not a refused one and a second.
    expect(await sendCounts(batchId)).toEqual([1]);
    await expectLedgerProof(dataSource, sandbox, batchId);
  });

  it('replaces a session that Dollr found expired when its execution arrived (422 on session_id), under the same reference_id', async () => {
    const phone = '231886134456';
    const batchId = await approvedBatch(
      cli.payroll('sessions-refused.csv', '2026-07', [
        ['A004', 'Musa Dukuly', '0886 134 456', '8.25'],
      ]),
    );
    const paused = await pausedWithSession(batchId);
    // Dollr's clock 16 minutes ahead: the session looks valid to the connector, not to Dollr.
    await control('POST', '/__sandbox/clock', { advance: '16m' });

    const done = await run(batchId);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1 } });
    const executions = await executionsTo(phone);
    expect(executions).toEqual([
      expect.objectContaining({
        reference_id: paused.reference,
        status: 'COMPLETED',
        effects: 1,
      }),
    ]);
    expect(executions[0]?.session_id).not.toBe(paused.session);
    expect((await ledger(sandbox)).some((e) => e.session_id === paused.session)).toBe(false);
    expect((await attemptsOf(dataSource, batchId)).map((a) => a.reference_id)).toEqual([
      paused.reference,
    ]);
    // Sent with the session Dollr refused, then with the new one.
    expect(await sendCounts(batchId)).toEqual([2]);
    await expectLedgerProof(dataSource, sandbox, batchId);
  });

  it('opens a new session for a payment whose session names an account another payment of the payee re-created', async () => {
    const phone = '231886136456';
    const row: [string, string, string, string] = ['A006', 'Kebeh Weah', '0886 136 456', '9.00'];
    const july = await approvedBatch(cli.payroll('shared-jul.csv', '2026-07', [row]));
    const julyPaused = await pausedWithSession(july);
    const august = await approvedBatch(cli.payroll('shared-aug.csv', '2026-08', [row]));
    const augustPaused = await pausedWithSession(august);
    // Both sessions were opened for the payee's one payout account, which Dollr then deactivates.
    const { partyId, accounts } = await payee('A006');
    expect(accounts).toHaveLength(1);
    const [[oldAccount]] = accounts as [number, boolean][];
    await deactivate(oldAccount);

    // July's execution is refused on the account: it is re-created in place for the payee.
    expect(await run(july)).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1 } });
    const newAccount = (await sandboxAccounts(partyId)).find((a) => a.is_active)?.id;
    expect(newAccount).not.toBe(oldAccount);
    // August's session still names the old account: Dollr would refuse it with the new one.
    expect(await run(august)).toMatchObject({
      status: 'COMPLETED',
      counts: { COMPLETED: 1, FAILED: 0 },
    });

    const executions = await executionsTo(phone);
    expect(executions.map((e) => [e.reference_id, e.payment_account_id, e.effects])).toEqual([
      [julyPaused.reference, newAccount, 1],
      [augustPaused.reference, newAccount, 1],
    ]);
    expect(executions[1]?.session_id).not.toBe(augustPaused.session);
    expect(await sendCounts(august)).toEqual([1]);
    await expectLedgerProof(dataSource, sandbox, july);
    await expectLedgerProof(dataSource, sandbox, august);
  });

  it('collects an invoice from a customer whose collection account Dollr deactivated with a new account, once', async () => {
    const phone = '231886135456';
    const invoice = (number: string, item: string) =>
      invoicesCsv(cli.dir, `${number}.csv`, [
        [number, 'C-A5', 'Monrovia Bakery', '0886 135 456', '', item, '1', '25.00', 'USD'],
      ]);
    const march = await approvedBatch(invoice('ACC-01', 'Flour'), 'receivables');
    expect((await run(march)).status).toBe('COMPLETED');
    const [first] = await executionsTo(phone);
    expect(first).toMatchObject({ operation: 'COLLECTION', status: 'COMPLETED' });
    const oldAccount = first?.payment_account_id as number;
    await deactivate(oldAccount);

    // The checkout session does not name the account: the execution itself is refused (422).
    const april = await approvedBatch(invoice('ACC-02', 'Sugar'), 'receivables');
    expect(await run(april)).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1 } });
    const { partyId } = await payee('C-A5');
    const accounts = await sandboxAccounts(partyId);
    expect(accounts.map((a) => [a.operation_type, a.is_active])).toEqual([
      ['COLLECTION', false],
      ['COLLECTION', true],
    ]);
    const executions = await executionsTo(phone);
    expect(executions.map((e) => [e.payment_account_id, e.status, e.effects])).toEqual([
      [oldAccount, 'COMPLETED', 1],
      [accounts[1]?.id, 'COMPLETED', 1],
    ]);
    expect((await attemptsOf(dataSource, april)).map((a) => a.reference_id)).toEqual([
      executions[1]?.reference_id,
    ]);
    await expectLedgerProof(dataSource, sandbox, april);
  });

  it('fails a payout and a collection whose re-created account Dollr refuses too, after one new account and nothing sent', async () => {
    // Numbers ending in 906: the sandbox deactivates each of their accounts when it is used.
    const payroll = await approvedBatch(
      cli.payroll('refused-twice.csv', '2026-07', [['A007', 'Saye Togba', '0886 137 906', '6.00']]),
    );
    const invoices = await approvedBatch(
      invoicesCsv(cli.dir, 'refused-twice-invoice.csv', [
        ['ACC-03', 'C-A7', 'Gbarnga Stores', '0886 138 906', '', 'Rice', '1', '14.00', 'USD'],
      ]),
      'receivables',
    );
    for (const [batchId, externalRef, operation, noun] of [
      [payroll, 'A007', 'PAYOUT', 'payout'],
      [invoices, 'C-A7', 'COLLECTION', 'collection'],
    ] as const) {
      expect(await run(batchId, cli, 2)).toMatchObject({
        status: 'COMPLETED_WITH_FAILURES',
        counts: { FAILED: 1, COMPLETED: 0 },
      });
      const [failed] = await dataSource.query<{ status: string; reason: string }[]>(
        'SELECT status, reason FROM payments WHERE batch_id = ?',
        [batchId],
      );
      expect(failed?.reason).toContain(
        `Dollr refused the ${noun} again with a payment account created for it`,
      );
      // The account was replaced once, not again and again; the attempt was never sent.
      const { partyId } = await payee(externalRef);
      expect((await sandboxAccounts(partyId)).map((a) => [a.operation_type, a.is_active])).toEqual([
        [operation, false],
        [operation, false],
      ]);
      expect(await sendCounts(batchId)).toEqual([0]);
      const [attempt] = await attemptsOf(dataSource, batchId);
      expect((await ledger(sandbox)).some((e) => e.reference_id === attempt?.reference_id)).toBe(
        false,
      );
    }
    expect(await executionsTo('231886137906')).toEqual([]);
    expect(await executionsTo('231886138906')).toEqual([]);
  });
});
