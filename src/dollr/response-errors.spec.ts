import {
  DollrAuthenticationError,
  DollrForbiddenError,
  DollrNotFoundError,
  DollrUnexpectedResponseError,
  DollrValidationError,
  refusesInactivePaymentAccount,
} from './errors';
import { describeDetail, errorForResponse, validationIssues } from './response-errors';
import { createSecretScrubber } from './secret-scrubber';

const scrub = createSecretScrubber(['the-client-secret']);
const base = { operation: 'parties.create', method: 'POST', path: '/v1/parties/create' };

describe('errorForResponse', () => {
  it.each([
    [401, DollrAuthenticationError, 'DOLLR_AUTHENTICATION_FAILED', false],
    [403, DollrForbiddenError, 'DOLLR_FORBIDDEN', false],
    [404, DollrNotFoundError, 'DOLLR_NOT_FOUND', false],
    [422, DollrValidationError, 'DOLLR_VALIDATION_FAILED', false],
    [400, DollrUnexpectedResponseError, 'DOLLR_UNEXPECTED_RESPONSE', false],
    [409, DollrUnexpectedResponseError, 'DOLLR_UNEXPECTED_RESPONSE', false],
  ])('maps %i to %p with code %s', (status, type, code, temporary) => {
    const error = errorForResponse({ ...base, status, body: { detail: 'nope' } }, scrub);
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.temporary).toBe(temporary);
    expect(error.status).toBe(status);
    expect(error.operation).toBe('parties.create');
  });

  it('names every invalid field of a 422 in the message', () => {
    const error = errorForResponse(
      {
        ...base,
        status: 422,
        body: {
          detail: [
            { loc: ['body', 'currency'], msg: 'field required', type: 'value_error.missing' },
            { loc: ['body', 'items', 0, 'amount'], msg: 'less than minimum', type: 'value_error' },
          ],
        },
      },
      scrub,
    ) as DollrValidationError;
    expect(error.message).toBe(
      'Dollr rejected parties.create (422): body.currency: field required; body.items.0.amount: less than minimum',
    );
    expect(error.fields).toEqual(['body.currency', 'body.items.0.amount']);
    expect(error.detail[0]).toEqual({
      loc: ['body', 'currency'],
      msg: 'field required',
      type: 'value_error.missing',
    });
  });

  it('uses a 422 string detail when there is no list', () => {
    const error = errorForResponse(
      { ...base, status: 422, body: { detail: 'already exists' } },
      scrub,
    );
    expect(error.message).toBe('Dollr rejected parties.create (422): already exists');
  });

  it('tells the operator what to do on a 403', () => {
    const error = errorForResponse(
      { ...base, status: 403, body: { detail: 'Merchant not verified' } },
      scrub,
    );
    expect(error.message).toContain('403: Merchant not verified');
    expect(error.message).toContain('not fully verified');
    expect(error.message).toContain('Retrying will not help');
  });

  it('says where nothing was found on a 404', () => {
    const error = errorForResponse(
      {
        operation: 'status.payout',
        method: 'GET',
        path: '/v1/status/payout/abc',
        status: 404,
        body: {},
      },
      scrub,
    );
    expect(error.message).toBe(
      'Dollr found nothing for status.payout at GET /v1/status/payout/abc (404: no details given).',
    );
  });
});

describe('validationIssues', () => {
  it('keeps loc, msg and type only, scrubbed', () => {
    expect(
      validationIssues(
        {
          detail: [
            {
              loc: ['body', 'client_secret'],
              msg: 'the-client-secret is wrong',
              type: 'value_error',
              input: 'the-client-secret',
            },
            'not an entry',
            { loc: 'body', msg: 42 },
          ],
        },
        scrub,
      ),
    ).toEqual([
      { loc: ['body', 'client_secret'], msg: '*** is wrong', type: 'value_error' },
      { loc: [], msg: '42', type: '' },
    ]);
  });

  it.each([[undefined], [null], ['text'], [{ detail: 'x' }], [[1, 2]]])(
    'finds no issues in %p',
    (body) => {
      expect(validationIssues(body, scrub)).toEqual([]);
    },
  );
});

describe('describeDetail', () => {
  it.each([
    [{ detail: 'Could not validate credentials' }, 'Could not validate credentials'],
    [{ message: 'upstream  timeout\n' }, 'upstream timeout'],
    ['<html>Bad Gateway</html>', '<html>Bad Gateway</html>'],
    [{ detail: 'Bearer abc.def was refused' }, 'Bearer *** was refused'],
    [{ detail: 'secret the-client-secret' }, 'secret ***'],
    [{ detail: [{ loc: [] }] }, ''],
    [null, ''],
  ])('describes %p as %p', (body, expected) => {
    expect(describeDetail(body, scrub)).toBe(expected);
  });

  it('cuts long bodies short', () => {
    const text = describeDetail('x'.repeat(1000), scrub);
    expect(text).toHaveLength(301);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('refusesInactivePaymentAccount', () => {
  const refusal = (loc: string[], msg: string) =>
    errorForResponse(
      { ...base, status: 422, body: { detail: [{ loc, msg, type: 'value_error' }] } },
      scrub,
    );

  it.each([
    [['body', 'payout_account_id'], 'payout account is not active'],
    [['body', 'payout_account_id'], 'payment account is not active'],
    [['body', 'payment_account_id'], 'payment account is not active'],
    [['body', 'payment_account_id'], 'Payment account is inactive'],
  ])('recognises a 422 on %j saying %s', (loc, msg) => {
    expect(refusesInactivePaymentAccount(refusal(loc, msg))).toBe(true);
  });

  it.each([
    [['body', 'payment_account_id'], 'payment account not found'],
    [['body', 'payment_account_id'], 'payment account is not registered for the party'],
    [['body', 'session_id'], 'session is not active'],
    [['body', 'currency'], 'field required'],
  ])('does not take a 422 on %j saying %s for it', (loc, msg) => {
    expect(refusesInactivePaymentAccount(refusal(loc, msg))).toBe(false);
  });

  it('needs a 422', () => {
    const notFound = errorForResponse(
      { ...base, status: 404, body: { detail: 'inactive' } },
      scrub,
    );
    expect(refusesInactivePaymentAccount(notFound)).toBe(false);
    expect(refusesInactivePaymentAccount(new Error('payment account is not active'))).toBe(false);
  });
});
