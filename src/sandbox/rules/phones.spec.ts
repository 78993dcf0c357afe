import { phoneProblem, phoneScenario, predictMobileMoneyMethod } from './phones';

describe('phones', () => {
  it.each([
    ['231886123456', undefined],
    ['231770123457', undefined],
    ['250788123456', undefined],
    ['14155552671', undefined],
    ['+231886123456', 'invalid phone'],
    ['231 886 123456', 'invalid phone'],
    ['0886123456', 'invalid phone'],
    ['23188612345', 'invalid phone length'],
    ['2507881234567', 'invalid phone length'],
    ['1234567', 'invalid phone length'],
    ['1234567890123456', 'invalid phone length'],
  ])('%s -> %s', (phone, problem) => {
    expect(phoneProblem(phone)).toBe(problem);
  });

  it.each([
    ['231886123456', 'MTN_MOMO_LBR'],
    ['231555123456', 'MTN_MOMO_LBR'],
    ['231770123457', 'ORANGE_MONEY_LBR'],
    ['250788123456', 'MTN_MOMO_RWA'],
    ['250798123456', 'MTN_MOMO_RWA'],
    ['250728123456', 'AIRTEL_RWA'],
    ['250738123456', 'AIRTEL_RWA'],
    ['231660123456', undefined],
    ['14155552671', undefined],
  ])('%s is on %s', (phone, method) => {
    expect(predictMobileMoneyMethod(phone)).toBe(method);
  });

  it.each([
    ['231886123456', 'COMPLETED', 'normal', 'Transaction completed successfully'],
    ['231886123901', 'FAILED', 'normal', 'Payer declined the transaction'],
    ['231770123902', 'FAILED', 'normal', 'Insufficient funds in payer account'],
    ['250788123903', 'FAILED', 'normal', 'Mobile network operator error'],
    ['231886123904', 'COMPLETED', 'slow', 'Transaction completed successfully'],
    ['231886123905', 'FAILED', 'slow', 'Transaction timed out at the mobile network operator'],
    ['231886123909', 'COMPLETED', 'manual', 'Transaction completed successfully'],
    ['231886123900', 'COMPLETED', 'normal', 'Transaction completed successfully'],
  ])('%s -> %s (%s)', (phone, outcome, pace, gatewayMessage) => {
    expect(phoneScenario(phone)).toEqual({ outcome, pace, gatewayMessage });
  });

  it('treats a missing phone as an ordinary success', () => {
    expect(phoneScenario(null).outcome).toBe('COMPLETED');
  });
});
