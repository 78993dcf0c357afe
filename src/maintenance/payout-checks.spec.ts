import { payoutChecks } from './payout-checks';

describe('what doctor says about payouts', () => {
  it('accepts a real passcode phone, and says what only the first payout can check', () => {
    const checks = payoutChecks({
      mode: 'live',
      payoutPasscode: '123456',
      payoutPhone: '231771234567',
    });

    expect(checks.problems).toEqual([]);
    expect(checks.warnings).toEqual([]);
    expect(checks.notes.join(' ')).toMatch(/passcode itself is checked .* first payout/);
    expect(checks.notes.join(' ')).toMatch(/verified/);
  });

  it.each(['23177123', '999771234567', '2317712345678901'])(
    'refuses %s as the passcode phone, naming the variable',
    (payoutPhone) => {
      const checks = payoutChecks({ mode: 'live', payoutPasscode: '123456', payoutPhone });

      expect(checks.problems).toEqual([
        expect.stringContaining(`DOLLR_PAYOUT_PHONE ${payoutPhone} is not a valid phone number`),
      ]);
    },
  );

  it('warns when live payouts have no passcode or phone', () => {
    const checks = payoutChecks({
      mode: 'live',
      payoutPasscode: undefined,
      payoutPhone: undefined,
    });

    expect(checks.warnings).toEqual([expect.stringContaining('DOLLR_PAYOUT_PASSCODE')]);
    expect(checks.problems).toEqual([]);
  });
});
