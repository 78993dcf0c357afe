import type { SourceStatus } from './enums';

/**
 * What may be done to an invoice or order in each status (dollr-api.md §5.2). A refusal is the
 * message of the 422 the sandbox answers.
 */
export type SourceAction =
  'edit' | 'publish' | 'cancel' | 'checkout' | 'pay_link' | 'receipt' | 'predict';

const ALLOWED: Record<SourceAction, readonly SourceStatus[]> = {
  edit: ['IDLE'],
  publish: ['IDLE'],
  cancel: ['IDLE', 'ACTIVE'],
  checkout: ['ACTIVE'],
  pay_link: ['ACTIVE', 'PROCESSING', 'PAID'],
  receipt: ['PAID'],
  predict: ['ACTIVE', 'PROCESSING', 'PAID'],
};

const WHAT: Record<SourceAction, string> = {
  edit: 'can only be edited while IDLE',
  publish: 'can only be published while IDLE',
  cancel: 'can only be canceled while IDLE or ACTIVE',
  checkout: 'must be ACTIVE to be paid',
  pay_link: 'must be published (ACTIVE or later) for a payment link',
  receipt: 'has no receipt until it is PAID',
  predict: 'must be published for a payment-source prediction',
};

export function sourceRefusal(
  kind: 'invoice' | 'order',
  status: SourceStatus,
  action: SourceAction,
): string | undefined {
  if (ALLOWED[action].includes(status)) return undefined;
  return `${kind} is ${status}: it ${WHAT[action]}`;
}
