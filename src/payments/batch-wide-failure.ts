/**
 * Whether a payment's failure says something about this one payment (the payer declined, the
 * operator refused, the account is closed) or about everything the batch would send next (the
 * passcode, the merchant's verification, a wallet that cannot cover a payout). A batch-wide cause
 * pauses the batch at its first payment, rather than failing every payment after it for one typo.
 *
 * Dollr documents these causes but not their messages; the patterns below match the sandbox's
 * messages and the wording the docs use, and a message matching none of them is `ambiguous`.
 */
export type FailureScope =
  | { readonly kind: 'payment' }
  | { readonly kind: 'batch'; readonly cause: string }
  | { readonly kind: 'ambiguous' };

const BATCH_WIDE: readonly { readonly pattern: RegExp; readonly cause: string }[] = [
  {
    pattern: /passcode/i,
    cause: 'the payout passcode or its phone (DOLLR_PAYOUT_PASSCODE, DOLLR_PAYOUT_PHONE) is wrong',
  },
  {
    pattern:
      /(merchant|wallet)[^.]*(balance|funds)|insufficient (wallet|merchant|account)? ?balance/i,
    cause: "the merchant's Dollr wallet cannot cover the payouts: top it up",
  },
  {
    pattern: /\b(not verified|unverified|verification|kyc|kyb)\b/i,
    cause: 'the merchant is not verified on Dollr for payouts',
  },
];

const ABOUT_ONE_PAYMENT = [
  /\bpayer\b/i,
  /\bdeclined?\b/i,
  /\boperator\b/i,
  /\bclosed\b/i,
  /\bunsupported\b/i,
  /\btimed? ?out\b/i,
  /\b(invalid|unknown|unregistered) (phone|number|msisdn|account|recipient|payee)\b/i,
  /\blimit\b/i,
];

export function failureScope(message: string | null): FailureScope {
  if (message === null || message.trim() === '') return { kind: 'ambiguous' };
  const batchWide = BATCH_WIDE.find((rule) => rule.pattern.test(message));
  if (batchWide !== undefined) return { kind: 'batch', cause: batchWide.cause };
  if (ABOUT_ONE_PAYMENT.some((pattern) => pattern.test(message))) return { kind: 'payment' };
  return { kind: 'ambiguous' };
}

/**
 * Why the batch pauses after a payment FAILED with `message`, or null when it goes on: at once
 * for a batch-wide cause; for an ambiguous message, when the payment finished just before this one
 * failed with the same message (two in a row).
 */
export function pauseAfterFailure(
  message: string | null,
  previous: { readonly status: string; readonly message: string | null } | null,
  noun: string,
): string | null {
  const scope = failureScope(message);
  const said = message === null ? 'without a reason' : `"${message}"`;
  if (scope.kind === 'batch') {
    return `A ${noun} failed ${said}: ${scope.cause}. Fix it, then resume the batch and retry its failed ${noun}s.`;
  }
  if (
    scope.kind === 'ambiguous' &&
    previous?.status === 'FAILED' &&
    (previous.message ?? null) === message
  ) {
    return `Two ${noun}s in a row failed ${said}, which may refuse every ${noun} of the batch. Check it, then resume the batch and retry its failed ${noun}s.`;
  }
  return null;
}
