import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import { AuditLog } from '../auth/audit-log.service';
import { BatchFactory } from '../batches/batch-factory';
import { PayeeEntity } from '../counterparties/entities/payee.entity';
import { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import { PaymentAttemptEntity } from './entities/payment-attempt.entity';
import { PaymentEntity } from './entities/payment.entity';
import { TypeormPaymentAttemptStore } from './typeorm-payment-attempt-store';

/** What the executor learns its first status poll from, read from the database under test. */

let db: MigratedDatabase;
let store: TypeormPaymentAttemptStore;

beforeAll(async () => {
  db = await openMigratedDatabase();
  store = new TypeormPaymentAttemptStore(db.dataSource);
});

afterAll(async () => {
  await db.close();
});

const t0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);

interface Attempt {
  readonly state?: 'COMPLETED' | 'FAILED' | 'PROCESSING';
  readonly sendCount?: number;
  readonly sentAt: number;
  readonly resolvedAt: number | null;
  readonly provider?: string;
  readonly operation?: 'PAYOUT' | 'COLLECTION';
}

/** One payment of its own per attempt, paid through an account of the given operation. */
async function stored(attempts: readonly Attempt[]): Promise<void> {
  const config = testConfig(db.database.url);
  const importId = await storePayrollImport(
    db.dataSource,
    attempts.map(() => '10.00'),
  );
  const batch = await new BatchFactory(
    db.dataSource,
    config,
    new AuditLog(db.dataSource),
  ).createFromImport(importId, { name: 'ama.mensah', role: 'cli', keyId: null });
  const payments = await db.dataSource
    .getRepository(PaymentEntity)
    .find({ where: { batchId: batch.id }, order: { id: 'ASC' } });
  for (const [i, attempt] of attempts.entries()) {
    const payment = payments[i];
    const payee = await db.dataSource.getRepository(PayeeEntity).save({
      relationshipType: 'EMPLOYEE',
      externalRef: payment.externalRef,
      fullName: payment.fullName,
      phone: payment.phone,
      email: null,
      countryCode: 'LR',
      dollrPartyId: 1,
      dollrCounterpartyId: 1,
      partyCreateSentAt: t0,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: t0,
      updatedAt: t0,
    });
    const account = await db.dataSource.getRepository(PaymentAccountEntity).save({
      payeeId: payee.id,
      phone: payment.phone,
      method: 'MOBILE_MONEY',
      provider: attempt.provider ?? 'MTN_LBR',
      operationType: attempt.operation ?? 'PAYOUT',
      dollrAccountId: 1,
      isActive: true,
      createdAt: t0,
    });
    const state = attempt.state ?? 'COMPLETED';
    await db.dataSource.getRepository(PaymentEntity).update(payment.id, {
      method: 'MOBILE_MONEY',
      provider: attempt.provider ?? 'MTN_LBR',
      paymentAccountId: account.id,
      status: state === 'PROCESSING' ? 'PROCESSING' : state,
      attemptCount: 1,
    });
    await db.dataSource.getRepository(PaymentAttemptEntity).insert({
      paymentId: payment.id,
      attemptNo: 1,
      referenceId: `00000000-0000-4000-8000-${String(payment.id).padStart(12, '0')}`,
      state,
      dollrSessionId: null,
      sessionExpiresAt: null,
      sessionAccountId: null,
      worker: 'spec',
      sendCount: attempt.sendCount ?? 1,
      gatewayMessage: null,
      error: null,
      payerAmountMinor: null,
      payeeAmountMinor: null,
      providerTransactionId: null,
      createdAt: at(attempt.sentAt - 10),
      lastSentAt: at(attempt.sentAt),
      resolvedAt: attempt.resolvedAt === null ? null : at(attempt.resolvedAt),
    });
  }
}

describe('recentSettleTimes', () => {
  it('gives the latest single-send completions of the operator, newest first, within the window and the limit', async () => {
    await stored([
      { sentAt: 0, resolvedAt: 3_000 },
      { sentAt: 1_000, resolvedAt: 5_500 },
      { sentAt: 2_000, resolvedAt: 4_250 },
      { sentAt: 3_000, resolvedAt: 9_000 },
      // Not this operator's, not a payout, sent twice, not completed, or too old: none counts.
      { sentAt: 0, resolvedAt: 7_000, provider: 'ORANGE_LBR' },
      { sentAt: 0, resolvedAt: 7_000, operation: 'COLLECTION' },
      { sentAt: 0, resolvedAt: 7_000, sendCount: 2 },
      { sentAt: 0, resolvedAt: 7_000, state: 'FAILED' },
      { sentAt: 0, resolvedAt: null, state: 'PROCESSING' },
      { sentAt: -60_000, resolvedAt: -50_000 },
    ]);
    const route = { operation: 'PAYOUT' as const, method: 'MOBILE_MONEY', provider: 'MTN_LBR' };

    expect(await store.recentSettleTimes(route, t0, 100)).toEqual([6_000, 4_500, 2_250, 3_000]);
    expect(await store.recentSettleTimes(route, t0, 2)).toEqual([6_000, 4_500]);
    expect(await store.recentSettleTimes(route, at(-60_000), 100)).toHaveLength(5);
  });
});
