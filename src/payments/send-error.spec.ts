import { DollrOutcomeUnknownError } from '../dollr/errors';
import { errorForResponse } from '../dollr/response-errors';
import { createSecretScrubber } from '../dollr/secret-scrubber';
import { classifySendError, type SendErrorAction } from './send-error';

const scrub = createSecretScrubber([]);
const base = { operation: 'payouts.execute', method: 'POST', path: '/v1/payouts/execute' };

function answer(status: number, body: unknown): unknown {
  return errorForResponse({ ...base, status, body }, scrub);
}

function refusal(field: string, msg: string): unknown {
  return answer(422, { detail: [{ loc: ['body', field], msg, type: 'value_error' }] });
}

const lost = new DollrOutcomeUnknownError(
  { reason: 'server_error', what: 'Dollr answered 502', referenceId: 'ref-1' },
  base,
);

describe('classifySendError', () => {
  it.each<[string, unknown, boolean, SendErrorAction['kind']]>([
    ['a lost answer (5xx)', lost, true, 'unknown'],
    ['an expired session', refusal('session_id', 'session is not active'), true, 'new-session'],
    [
      'an expired session, sent before',
      refusal('session_id', 'session expired'),
      false,
      'new-session',
    ],
    [
      'an inactive payment account',
      refusal('payout_account_id', 'payout account is not active'),
      false,
      'replace-account',
    ],
    ['a refused field, first send', refusal('amount', 'must be positive'), true, 'fail'],
    ['a refused field, sent before', refusal('amount', 'must be positive'), false, 'poll'],
    ['a refused reference_id', refusal('reference_id', 'already used'), true, 'poll'],
    [
      // The reference_id may have paid already: renewing the account and sending again could pay twice.
      'an inactive payment account with a refused reference_id',
      answer(422, {
        detail: [
          {
            loc: ['body', 'payout_account_id'],
            msg: 'payout account is not active',
            type: 'value_error',
          },
          { loc: ['body', 'reference_id'], msg: 'already used', type: 'value_error' },
        ],
      }),
      true,
      'poll',
    ],
    [
      'a 403 on the first send',
      answer(403, { detail: 'merchant not verified' }),
      true,
      'fail-and-pause',
    ],
    [
      'a 403 after an earlier send',
      answer(403, { detail: 'merchant not verified' }),
      false,
      'rethrow',
    ],
    [
      'a refused passcode, first send',
      refusal('passcode', 'Invalid passcode'),
      true,
      'fail-and-pause',
    ],
    ['a refused passcode, sent before', refusal('passcode', 'Invalid passcode'), false, 'poll'],
    ['a 401', answer(401, { detail: 'bad token' }), true, 'rethrow'],
    ['something else', new Error('socket closed'), true, 'rethrow'],
  ])('%s → %s', (_name, error, firstSend, kind) => {
    expect(classifySendError(error, { firstSend, noun: 'payout' }).kind).toBe(kind);
  });

  it('words a refusal for the payment and, when every payment would be refused, for the batch', () => {
    expect(
      classifySendError(refusal('amount', 'must be positive'), {
        firstSend: true,
        noun: 'collection',
      }),
    ).toEqual({
      kind: 'fail',
      reason: expect.stringMatching(/^Dollr refused the collection: /) as unknown,
    });
    const paused = classifySendError(answer(403, { detail: 'merchant not verified' }), {
      firstSend: true,
      noun: 'payout',
    });
    expect(paused).toMatchObject({
      kind: 'fail-and-pause',
      reason: expect.stringContaining('merchant not verified') as unknown,
      pauseReason: expect.stringMatching(
        /merchant not verified.*the merchant is not verified on Dollr for payouts\. Fix it, then resume the batch and retry its failed payouts\.$/,
      ) as unknown,
    });
    const forbidden = classifySendError(answer(403, { detail: 'feature disabled' }), {
      firstSend: true,
      noun: 'payout',
    });
    expect(forbidden).toMatchObject({
      pauseReason: expect.stringMatching(
        /^Dollr refuses payouts \(.*feature disabled.*\)\. Fix it on Dollr, then resume the batch and retry its failed payouts\.$/,
      ) as unknown,
    });
  });

  it('keeps the message of an answer it cannot be sure of, for the attempt', () => {
    expect(classifySendError(lost, { firstSend: true, noun: 'payout' })).toEqual({
      kind: 'unknown',
      message: lost.message,
    });
  });
});
