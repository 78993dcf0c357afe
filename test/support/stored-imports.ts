import type { DataSource } from 'typeorm';
import { ImportRowEntity } from '../../src/imports/entities/import-row.entity';
import { ImportEntity } from '../../src/imports/entities/import.entity';

let nextRef = 1;

export interface StoredPayrollRow {
  readonly amount: string;
  /** E.164 digits; a Liberian MTN number by default. */
  readonly phone?: string;
  /** The payee's employee id; a new one (a new payee) by default. */
  readonly externalRef?: string;
}

/**
 * A payroll import as the import service stores it (USD, period 2026-11, each row a new payee),
 * for in-process specs of what comes after an import. `rows: 0` stores an import without a
 * valid row. `period` (YYYY-MM): another month pays the same payees again.
 */
export async function storePayrollImport(
  dataSource: DataSource,
  rows: readonly (StoredPayrollRow | string)[],
  createdBy = 'ama.mensah',
  period = '2026-11',
): Promise<number> {
  const imports = dataSource.getRepository(ImportEntity);
  const stored = await imports.save(
    imports.create({
      kind: 'payables',
      status: 'imported',
      fileName: 'payroll.csv',
      fileSha256: `sha-${nextRef}-${Math.random()}`,
      fileFormat: 'csv',
      fileSize: 100,
      profile: 'payroll',
      relationshipType: 'EMPLOYEE',
      sheet: null,
      sheetState: null,
      headerRow: 1,
      headers: ['employee_id', 'full_name', 'phone', 'amount'],
      country: 'LR',
      currency: 'USD',
      createdBy,
      createdAt: new Date(),
      rowCount: Math.max(rows.length, 1),
      validCount: rows.length,
      invalidCount: rows.length === 0 ? 1 : 0,
      duplicateCount: 0,
      skippedCount: 0,
      period,
      periodFrom: null,
      invoiceCount: null,
    }),
  );
  const repo = dataSource.getRepository(ImportRowEntity);
  await repo.save(
    rows.map((given, i) => {
      const row = typeof given === 'string' ? { amount: given } : given;
      const ref = row.externalRef ?? `EMP-${nextRef++}`;
      const phone = row.phone ?? '231770000001';
      return repo.create({
        importId: stored.id,
        rowNumber: i + 2,
        status: 'valid',
        raw: [ref, 'Payee', phone, row.amount],
        fields: { external_ref: ref, full_name: 'Payee', phone, amount: row.amount },
        currency: 'USD',
        amountMinor: BigInt(Math.round(Number(row.amount) * 100)),
        errors: [],
        warnings: [],
        dedupeKey: `EMPLOYEE:${ref}:${period}`,
        duplicateOfImportId: null,
        duplicateOfRow: null,
      });
    }),
  );
  return stored.id;
}
