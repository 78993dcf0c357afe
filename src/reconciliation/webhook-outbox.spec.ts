import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import { WebhookEventEntity } from './entities/webhook-event.entity';
import { WebhookOutbox } from './webhook-outbox';

let db: MigratedDatabase;

beforeAll(async () => {
  db = await openMigratedDatabase();
});

afterAll(async () => {
  await db.close();
});

async function pause(batchId: number, at: Date, reason: string): Promise<void> {
  const audit = db.dataSource.getRepository(AuditEventEntity);
  await audit.save(
    audit.create({
      at,
      actor: 'system',
      role: 'system',
      apiKeyId: null,
      action: 'batch.paused',
      subjectType: 'batch',
      subjectId: batchId,
      importId: 40 + batchId,
      batchId,
      details: { from: 'RUNNING', reason },
    }),
  );
}

describe('batch.paused webhook events', () => {
  it('announces each pause once, with its reason, however often the outbox scans', async () => {
    const outbox = new WebhookOutbox(db.dataSource);
    const at = new Date();
    await pause(3, at, 'A payout failed "Invalid passcode"');
    await pause(3, new Date(at.getTime() + 1_000), 'wallet top-up');

    const made = await outbox.enqueueFinalPayments(new Date(at.getTime() + 2_000));
    const again = await outbox.enqueueFinalPayments(new Date(at.getTime() + 3_000));

    expect([made, again]).toEqual([2, 0]);
    const events = await db.dataSource
      .getRepository(WebhookEventEntity)
      .find({ where: { entityType: 'batch' }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.eventType, e.entityId, e.status])).toEqual([
      ['batch.paused', 3, 'PENDING'],
      ['batch.paused', 3, 'PENDING'],
    ]);
    const body = JSON.parse(events[0]?.body ?? '{}') as unknown;
    expect(body).toEqual({
      event_id: events[0]?.eventId,
      type: 'batch.paused',
      occurred_at: at.toISOString(),
      data: {
        batch_id: 3,
        import_id: 43,
        status: 'PAUSED',
        reason: 'A payout failed "Invalid passcode"',
        paused_by: 'system',
      },
    });
  });
});
