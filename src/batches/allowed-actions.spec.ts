import type { Actor } from '../auth/actor';
import { allowedActions, type BatchForActions } from './allowed-actions';

const key = (name: string, role: Actor['role']): Actor => ({ name, role, keyId: 1 });

const awaiting: BatchForActions = {
  status: 'AWAITING_APPROVAL',
  createdBy: 'Mary Maker',
  approvals: [{ approvedBy: 'Chris Checker', valid: true }],
  counts: { FAILED: 0 },
};

describe('allowedActions', () => {
  it('offers approving to a checker who has not approved yet', () => {
    expect(allowedActions(awaiting, key('Dana Checker', 'checker'))).toEqual(['approve']);
  });

  it('does not offer approving again to the checker who approved, however the name is written', () => {
    expect(allowedActions(awaiting, key('Chris Checker', 'checker'))).toEqual([]);
    expect(allowedActions(awaiting, key('  chris   CHECKER ', 'checker'))).toEqual([]);
  });

  it('an approval made void by a change does not count', () => {
    const changed = { ...awaiting, approvals: [{ approvedBy: 'Chris Checker', valid: false }] };
    expect(allowedActions(changed, key('Chris Checker', 'checker'))).toEqual(['approve']);
  });

  it('never offers approving to the person who imported the batch', () => {
    expect(allowedActions(awaiting, key('mary maker', 'admin'))).toEqual(['preflight', 'cancel']);
  });

  it('offers a maker what the status allows, and a viewer nothing', () => {
    expect(allowedActions(awaiting, key('Mary Maker', 'maker'))).toEqual(['preflight', 'cancel']);
    expect(
      allowedActions({ ...awaiting, status: 'PAUSED', counts: { FAILED: 2 } }, key('Ola', 'maker')),
    ).toEqual(['resume', 'retry-failed', 'cancel']);
    expect(allowedActions(awaiting, key('Vic Viewer', 'viewer'))).toEqual([]);
    expect(allowedActions({ ...awaiting, status: 'COMPLETED' }, key('Ola', 'admin'))).toEqual([]);
  });
});
