import { can } from './permissions';

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
});
