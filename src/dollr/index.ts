export * from './dollr.client';
export * from './dollr.module';
export * from './errors';
export { mmoRouting, type MmoRouting } from './mmo-routing';
export type { PayoutCredentials } from './payout-passcode';
export type { DollrLogger, RetryOptions } from './transport';
export type { Clock, Sleep } from './timing';
export type * from './types';
