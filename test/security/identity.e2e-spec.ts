import { userInfo } from 'node:os';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { PayoutCli } from '../batches/payout-support';
import { lastJsonLine } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

interface Failure {
  ok: false;
  error: { code: string; message: string };
}

/**
 * One identity per person: the CLI's default actor is the same string in `createdBy` and in the
 * audit log, empty names are refused, and look-alike names (zero-width characters, full-width
 * letters, confusable letters) are the same person for maker-checker, for the two-approver rule
 * and for key names.
 */
describe('one identity per person', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let period = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 200 } });
    cli = PayoutCli.for(db.url, sandbox, { APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=100' });
    await cli.json(['db:migrate']);
  });

  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });

  /** A pre-flighted batch imported as `as` (or as the CLI's default actor). */
  async function batchBy(as: string | undefined, amount = '10.00'): Promise<number> {
    period += 1;
    const file = cli.payroll(`p${period}.csv`, `2027-${String(period).padStart(2, '0')}`, [
      [`E${period}`, 'Musu Doe', `0886 40${period % 10} 456`, amount],
    ]);
    const args = ['import', file, '--type', 'payables', ...(as === undefined ? [] : ['--as', as])];
    const { batchId } = await cli.json<{ batchId: number }>(args);
    await cli.json(['batch', 'preflight', String(batchId)]);
    return batchId;
  }

  async function approve(batchId: number, as: string): Promise<Failure | { status: string }> {
    const result = await cli.run(['batch', 'approve', String(batchId), '--as', as, '--json']);
    return lastJsonLine(result.stdout) as unknown as Failure | { status: string };
  }

  it('stores the same actor in createdBy and the audit log, and the importer cannot approve under it', async () => {
    const batchId = await batchBy(undefined);
    const me = `cli:${userInfo().username.toLowerCase()}`;
    const shown = await cli.json<{ createdBy: string }>(['batch', 'show', String(batchId)]);
    expect(shown.createdBy).toBe(me);
    const audit = await cli.json<{ items: { actor: string; action: string }[] }>([
      'audit',
      '--batch',
      String(batchId),
    ]);
    expect(audit.items.find((e) => e.action === 'batch.created')?.actor).toBe(me);
    expect(await approve(batchId, me)).toMatchObject({ error: { code: 'MAKER_CHECKER' } });
  });

  it.each(['', '   ', '\u200b', '\u2060 \uFEFF'])('refuses the empty name %j', async (as) => {
    const file = cli.payroll('empty-as.csv', '2027-12', [
      ['E99', 'Musu Doe', '0886 499 456', '1.00'],
    ]);
    const result = await cli.run(['import', file, '--type', 'payables', '--as', as, '--json']);
    expect(result.code).toBe(1);
    expect(lastJsonLine(result.stdout)).toMatchObject({ error: { code: 'IDENTITY_EMPTY' } });
  });

  it('takes ALICE, al<ZWSP>ice, full-width alice, " alice " and Cyrillic-a lice for the importer alice', async () => {
    const batchId = await batchBy('alice');
    for (const lookAlike of [
      'ALICE',
      'al\u200bice',
      '\uFF41\uFF4C\uFF49\uFF43\uFF45',
      ' alice ',
      '\u0430lice',
    ]) {
      expect(await approve(batchId, lookAlike)).toMatchObject({
        error: { code: 'MAKER_CHECKER' },
      });
    }
    expect(await approve(batchId, 'bob')).toMatchObject({ status: 'APPROVED' });
  });

  it('takes a look-alike of the first approver for the same person under the two-approver rule', async () => {
    const batchId = await batchBy('alice', '500.00');
    expect(await approve(batchId, 'bob')).toMatchObject({ status: 'AWAITING_APPROVAL' });
    for (const lookAlike of ['\uFF42\uFF4F\uFF42', 'b\u200bob', 'BOB']) {
      expect(await approve(batchId, lookAlike)).toMatchObject({
        error: { code: 'ALREADY_APPROVED' },
      });
    }
    expect(await approve(batchId, 'carol')).toMatchObject({ status: 'APPROVED' });
  });

  it('refuses a key whose name is, or looks like, an existing key name', async () => {
    const created = await cli.json<{ name: string }>([
      'keys',
      'create',
      '--name',
      'K_Maker',
      '--role',
      'maker',
    ]);
    expect(created.name).toBe('k_maker');
    for (const lookAlike of ['\uFF4B_maker', 'k_rnaker', 'K_MAKER']) {
      const result = await cli.run([
        'keys',
        'create',
        '--name',
        lookAlike,
        '--role',
        'admin',
        '--json',
      ]);
      expect(lastJsonLine(result.stdout)).toMatchObject({ error: { code: 'KEY_NAME_TAKEN' } });
    }
  });
});
