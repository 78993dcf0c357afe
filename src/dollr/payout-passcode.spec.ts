import { DollrInvalidRequestError } from './errors';
import { buildPayoutPasscode, defaultPayoutDevice } from './payout-passcode';

const device = {
  name: 'dollr-connector',
  type: 'SERVER',
  platform: 'NODE',
  user_agent: 'dollr-connector (node v20)',
  client_ip: '203.0.113.10',
};

describe('buildPayoutPasscode', () => {
  it('builds the token from the passcode and phone, with the default device', () => {
    expect(buildPayoutPasscode({ passcode: '123456', phone: '231771234567' }, device)).toEqual({
      token: { code: '123456', phone: '231771234567' },
      device,
    });
  });

  it('accepts a user id instead of a phone, and device overrides', () => {
    expect(
      buildPayoutPasscode(
        { passcode: '123456', userId: 'u-1', device: { name: 'Payroll server' } },
        device,
      ),
    ).toEqual({
      token: { code: '123456', user_id: 'u-1' },
      device: { ...device, name: 'Payroll server' },
    });
  });

  it.each([
    ['no payout credentials', undefined, /DOLLR_PAYOUT_PASSCODE/],
    ['an empty passcode', { passcode: '' }, /DOLLR_PAYOUT_PASSCODE/],
    ['no phone or user id', { passcode: '123456' }, /DOLLR_PAYOUT_PHONE/],
  ])('refuses %s', (_label, credentials, message) => {
    expect(() => buildPayoutPasscode(credentials, device)).toThrow(DollrInvalidRequestError);
    expect(() => buildPayoutPasscode(credentials, device)).toThrow(message);
  });
});

describe('defaultPayoutDevice', () => {
  it('describes a Node server with an IPv4 address', () => {
    const result = defaultPayoutDevice();
    expect(result).toMatchObject({ name: 'dollr-connector', type: 'SERVER', platform: 'NODE' });
    expect(result.user_agent).toContain(process.version);
    expect(result.client_ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
  });
});
