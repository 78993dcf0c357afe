import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface PayoutChecks {
  readonly problems: string[];
  readonly warnings: string[];
  /** What doctor cannot check without moving money, said plainly. */
  readonly notes: string[];
}

/**
 * What doctor can tell about payouts without sending one: that the passcode and its phone are set,
 * and that the phone is a real number. The passcode itself, and whether Dollr lets this merchant
 * pay out (verification), are only known at the first payout; that payout then fails and its
 * batch pauses.
 */
export function payoutChecks(dollr: {
  readonly mode: 'sandbox' | 'live';
  readonly payoutPasscode: string | undefined;
  readonly payoutPhone: string | undefined;
}): PayoutChecks {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { payoutPasscode, payoutPhone } = dollr;
  if (dollr.mode === 'live' && (payoutPasscode === undefined || payoutPhone === undefined)) {
    warnings.push(
      'DOLLR_PAYOUT_PASSCODE and DOLLR_PAYOUT_PHONE are needed for payouts; payouts will be refused without them.',
    );
  }
  if (payoutPhone !== undefined) {
    const phone = parsePhoneNumberFromString(`+${payoutPhone}`);
    if (phone === undefined || !phone.isValid()) {
      problems.push(
        `DOLLR_PAYOUT_PHONE ${payoutPhone} is not a valid phone number: give the phone registered for the passcode in the Dollr portal, country code first (e.g. 231771234567).`,
      );
    }
  }
  return {
    problems,
    warnings,
    notes: [
      'The payout passcode itself is checked by Dollr only when the first payout is sent: a wrong passcode or phone fails that payout and pauses its batch.',
      "Dollr cannot be asked whether the merchant is verified for payouts: an unverified merchant's first payout is refused, and its batch pauses.",
    ],
  };
}
