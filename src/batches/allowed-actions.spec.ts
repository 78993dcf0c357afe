import type { Actor } from '../auth/actor';
import { allowedActions, type BatchForActions } from './allowed-actions';

const key = (name: string, role: Actor['role']): Actor => ({ name, role, keyId: 1 });

const awaiting: BatchForActions = {
  status: 'AWAITING_APPROVAL',
  createdBy: 'Mary Maker',
  approvals: [{ approvedBy: 'Chris Checker', valid: true }],
  counts: { FAILED: 0 },
  expiresAt: '2026-12-08T09:00:00.000Z',
};
const beforeExpiry = new Date('2026-12-05T09:00:00.000Z');

describe('allowedActions', () => {
  it('offers approving to a checker who has not approved yet', () => {
    expect(allowedActions(awaiting, key('Dana Checker', 'checker'), beforeExpiry)).toEqual([
      'approve',
    ]);
  });

  it('does not offer approving again to the checker who approved, however the name is written', () => {
    expect(allowedActions(awaiting, key('Chris Checker', 'checker'), beforeExpiry)).toEqual([]);
    expect(allowedActions(awaiting, key('  chris   CHECKER ', 'checker'), beforeExpiry)).toEqual(
      [],
    );
  });

  it('an approval made void by a change does not count', () => {
    const changed = { ...awaiting, approvals: [{ approvedBy: 'Chris Checker', valid: false }] };
    expect(allowedActions(changed, key('Chris Checker', 'checker'), beforeExpiry)).toEqual([
      'approve',
    ]);
  });

  it('never offers approving to the person who imported the batch', () => {
    expect(allowedActions(awaiting, key('mary maker', 'admin'), beforeExpiry)).toEqual([
      'preflight',
      'cancel',
    ]);
  });

  it('offers a maker what the status allows, and a viewer nothing', () => {
    expect(allowedActions(awaiting, key('Mary Maker', 'maker'), beforeExpiry)).toEqual([
      'preflight',
      'cancel',
    ]);
    expect(
      allowedActions({ ...awaiting, status: 'PAUSED', counts: { FAILED: 2 } }, key('Ola', 'maker')),
    ).toEqual(['resume', 'retry-failed', 'cancel']);
    expect(allowedActions(awaiting, key('Vic Viewer', 'viewer'), beforeExpiry)).toEqual([]);
    expect(allowedActions({ ...awaiting, status: 'COMPLETED' }, key('Ola', 'admin'))).toEqual([]);
  });

  it('no longer offers approving once the batch has expired', () => {
    const late = new Date('2026-12-08T09:00:00.001Z');
    expect(allowedActions(awaiting, key('Dana Checker', 'checker'), late)).toEqual([]);
    expect(allowedActions(awaiting, key('Ola', 'admin'), late)).toEqual(['preflight', 'cancel']);
  });
});
