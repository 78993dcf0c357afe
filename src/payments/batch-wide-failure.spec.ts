import { failureScope, pauseAfterFailure } from './batch-wide-failure';

describe('which failures are about the whole batch', () => {
  it.each([
    ['Invalid passcode', 'batch'],
    ['Passcode phone does not match', 'batch'],
    ['Insufficient merchant wallet balance', 'batch'],
    ['Wallet balance too low for amount and fees', 'batch'],
    ['Insufficient balance', 'batch'],
    ['Merchant not verified', 'batch'],
    ['KYB verification pending', 'batch'],
    ['Payer declined the transaction', 'payment'],
    ['Insufficient funds in payer account', 'payment'],
    ['Mobile network operator error', 'payment'],
    ['Transaction timed out at the mobile network operator', 'payment'],
    ['Account closed', 'payment'],
    ['Invalid phone number', 'payment'],
    ['Daily limit exceeded', 'payment'],
    ['Something went wrong', 'ambiguous'],
    ['', 'ambiguous'],
    [null, 'ambiguous'],
  ])('%j is about the %s', (message, kind) => {
    expect(failureScope(message).kind).toBe(kind);
  });
});

describe('when a failed payment pauses its batch', () => {
  it('pauses at the first failure with a batch-wide cause, naming what to fix', () => {
    const reason = pauseAfterFailure('Invalid passcode', null, 'payout');

    expect(reason).toContain('"Invalid passcode"');
    expect(reason).toContain('DOLLR_PAYOUT_PASSCODE');
    expect(reason).toContain('resume the batch and retry its failed payouts');
  });

  it('goes on after a failure about one payee, even twice in a row', () => {
    const previous = { status: 'FAILED', message: 'Payer declined the transaction' };

    expect(pauseAfterFailure('Payer declined the transaction', previous, 'payout')).toBeNull();
  });

  it('pauses on the second of two ambiguous failures in a row with the same message', () => {
    expect(pauseAfterFailure('Something went wrong', null, 'payout')).toBeNull();
    expect(
      pauseAfterFailure('Something went wrong', { status: 'COMPLETED', message: null }, 'payout'),
    ).toBeNull();
    expect(
      pauseAfterFailure('Something went wrong', { status: 'FAILED', message: 'Other' }, 'payout'),
    ).toBeNull();
    expect(
      pauseAfterFailure(
        'Something went wrong',
        { status: 'FAILED', message: 'Something went wrong' },
        'payout',
      ),
    ).toContain('Two payouts in a row failed "Something went wrong"');
  });
});
