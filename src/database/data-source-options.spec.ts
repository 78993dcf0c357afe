import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

describe('the entities TypeORM is given', () => {
  it('are every entity of every feature, found in its entities folder', async () => {
    const dataSource = new DataSource(buildDataSourceOptions({ type: 'sqlite', path: ':memory:' }));
    await dataSource.initialize();
    try {
      expect(dataSource.entityMetadatas.map((m) => m.tableName).sort()).toEqual([
        'api_keys',
        'audit_events',
        'batch_approvals',
        'batches',
        'fee_predictions',
        'import_profiles',
        'import_rows',
        'import_totals',
        'imports',
        'invoice_lines',
        'invoices',
        'job_runs',
        'job_watermarks',
        'payees',
        'payment_accounts',
        'payment_attempts',
        'payments',
        'webhook_events',
      ]);
    } finally {
      await dataSource.destroy();
    }
  });
});
