import { batchActions, can } from './permissions';

describe('what the console offers each role', () => {
  it.each([
    ['viewer', [false, false, false]],
    ['maker', [true, true, false]],
    ['checker', [false, false, true]],
    ['admin', [true, true, true]],
    ['someone', [false, false, false]],
  ])('%s', (role, [upload, operate, approve]) => {
    expect([can(role, 'upload'), can(role, 'operate'), can(role, 'approve')]).toEqual([
      upload,
      operate,
      approve,
    ]);
  });

  it.each([
    ['DRAFT', 0, 'maker', ['preflight', 'cancel']],
    ['AWAITING_APPROVAL', 0, 'maker', ['preflight', 'cancel']],
    ['AWAITING_APPROVAL', 0, 'checker', ['approve']],
    ['APPROVED', 0, 'maker', ['run', 'cancel']],
    ['APPROVED', 0, 'checker', []],
    ['RUNNING', 0, 'maker', ['pause', 'cancel']],
    ['PAUSED', 0, 'maker', ['resume', 'cancel']],
    ['PAUSED', 2, 'maker', ['resume', 'retry-failed', 'cancel']],
    ['COMPLETED_WITH_FAILURES', 2, 'maker', ['retry-failed']],
    ['COMPLETED', 0, 'admin', []],
    ['CANCELED', 0, 'admin', []],
    ['RUNNING', 0, 'viewer', []],
  ])('a %s batch with %d failed, for a %s: %j', (status, failed, role, actions) => {
    expect(batchActions(status, failed, role)).toEqual(actions);
  });
});
