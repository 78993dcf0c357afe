import type { DataSource } from 'typeorm';
import type { RateBudgetMember, RateBudgetStore } from '../dollr/shared-rate-budget';

/** Entries whose lease ran out this long ago are removed by the next check-in. */
const FORGET_AFTER_MS = 60_000;

interface Row {
  sender: string;
  active_until: string | number;
  checked_in_at: string | number;
  paused_until: string | number;
}

/**
 * The rate budget in the database every replica already has (`dollr_rate_budget`). Each check-in
 * is one upsert then one read, each committed on its own: of two processes joining at once, the
 * one that reads last sees the other.
 */
export class DatabaseRateBudgetStore implements RateBudgetStore {
  constructor(private readonly dataSource: DataSource) {}

  async checkIn(member: RateBudgetMember): Promise<RateBudgetMember[]> {
    // A process that has not opened the database (a command that needs none) sends alone.
    if (!this.dataSource.isInitialized) return [member];
    const values = [
      member.sender,
      member.activeUntilMs,
      member.checkedInAtMs,
      member.pausedUntilMs,
    ];
    const mysql = this.dataSource.options.type === 'mysql';
    await this.dataSource.query(
      mysql
        ? `INSERT INTO dollr_rate_budget (sender, active_until, checked_in_at, paused_until)
           VALUES (?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE active_until = VALUES(active_until),
             checked_in_at = VALUES(checked_in_at), paused_until = VALUES(paused_until)`
        : `INSERT INTO dollr_rate_budget (sender, active_until, checked_in_at, paused_until)
           VALUES (?, ?, ?, ?)
           ON CONFLICT (sender) DO UPDATE SET active_until = excluded.active_until,
             checked_in_at = excluded.checked_in_at, paused_until = excluded.paused_until`,
      values,
    );
    await this.dataSource.query('DELETE FROM dollr_rate_budget WHERE active_until < ?', [
      member.checkedInAtMs - FORGET_AFTER_MS,
    ]);
    const rows: Row[] = await this.dataSource.query(
      'SELECT sender, active_until, checked_in_at, paused_until FROM dollr_rate_budget WHERE active_until > ?',
      [member.checkedInAtMs],
    );
    return rows.map((row) => ({
      sender: row.sender,
      activeUntilMs: Number(row.active_until),
      checkedInAtMs: Number(row.checked_in_at),
      pausedUntilMs: Number(row.paused_until),
    }));
  }

  async leave(sender: string): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.query('DELETE FROM dollr_rate_budget WHERE sender = ?', [sender]);
  }
}
