import type { SourceStatus } from './enums';
import { type SourceAction, sourceRefusal } from './source-lifecycle';

const STATUSES: SourceStatus[] = ['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'];

describe('source lifecycle', () => {
  it.each<[SourceAction, SourceStatus[]]>([
    ['edit', ['IDLE']],
    ['publish', ['IDLE']],
    ['cancel', ['IDLE', 'ACTIVE']],
    ['checkout', ['ACTIVE']],
    ['pay_link', ['ACTIVE', 'PROCESSING', 'PAID']],
    ['receipt', ['PAID']],
    ['predict', ['ACTIVE', 'PROCESSING', 'PAID']],
  ])('%s is allowed only in %j', (action, allowed) => {
    const permitted = STATUSES.filter(
      (status) => sourceRefusal('invoice', status, action) === undefined,
    );
    expect(permitted).toEqual(allowed);
  });

  it('explains a refusal', () => {
    expect(sourceRefusal('invoice', 'PROCESSING', 'cancel')).toBe(
      'invoice is PROCESSING: it can only be canceled while IDLE or ACTIVE',
    );
    expect(sourceRefusal('order', 'IDLE', 'checkout')).toBe(
      'order is IDLE: it must be ACTIVE to be paid',
    );
  });
});
