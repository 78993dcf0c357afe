import { networkInterfaces } from 'node:os';
import { DollrInvalidRequestError } from './errors';
import type { PayoutDevice, PayoutPasscode } from './types';

/** The merchant's payout authorisation, from DOLLR_PAYOUT_PASSCODE and DOLLR_PAYOUT_PHONE. */
export interface PayoutCredentials {
  readonly passcode: string;
  /** The phone registered for the passcode in the merchant portal (E.164 digits, no "+"). */
  readonly phone?: string;
  /** Alternative to `phone` for accounts set up with a user id. */
  readonly userId?: string;
  /** Overrides of the device description sent with every payout. */
  readonly device?: Partial<PayoutDevice>;
}

const OPERATION = 'executions.payout';

/** The `passcode` object of a payout execution (dollr-api.md §4.8). */
export function buildPayoutPasscode(
  credentials: PayoutCredentials | undefined,
  defaultDevice: PayoutDevice,
): PayoutPasscode {
  if (credentials === undefined || credentials.passcode === '') {
    throw new DollrInvalidRequestError(
      'needs the merchant payout passcode: set DOLLR_PAYOUT_PASSCODE and DOLLR_PAYOUT_PHONE',
      { operation: OPERATION },
    );
  }
  if (credentials.phone === undefined && credentials.userId === undefined) {
    throw new DollrInvalidRequestError(
      'needs the phone registered for the payout passcode: set DOLLR_PAYOUT_PHONE',
      { operation: OPERATION },
    );
  }
  return {
    token: {
      code: credentials.passcode,
      ...(credentials.phone === undefined ? {} : { phone: credentials.phone }),
      ...(credentials.userId === undefined ? {} : { user_id: credentials.userId }),
    },
    device: { ...defaultDevice, ...credentials.device },
  };
}

/** How the connector describes itself to Dollr when it authorises a payout. */
export function defaultPayoutDevice(): PayoutDevice {
  return {
    name: 'dollr-connector',
    type: 'SERVER',
    platform: 'NODE',
    user_agent: `dollr-connector (node ${process.version})`,
    client_ip: firstExternalIpv4() ?? '127.0.0.1',
  };
}

function firstExternalIpv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (external !== undefined) return external.address;
  }
  return undefined;
}
