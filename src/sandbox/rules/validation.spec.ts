import { LosslessNumber, parse } from 'lossless-json';
import {
  amount,
  amountIssue,
  anyId,
  currency,
  integerId,
  list,
  object,
  oneOf,
  optional,
  phone,
  type Rule,
  type RuleContext,
  stringId,
  text,
  uuidV4,
  validateFields,
} from './validation';

const strict: RuleContext = { strict: true, textual: false };
const lenient: RuleContext = { strict: false, textual: false };
const query: RuleContext = { strict: true, textual: true };

function parsed<T>(rule: Rule<T>, value: unknown, ctx = strict) {
  const result = rule.parse(value, ['body', 'field'], ctx);
  return result.ok
    ? { value: result.value }
    : { msg: result.issues[0].msg, type: result.issues[0].type };
}

const n = (text: string) => new LosslessNumber(text);

describe('validation rules', () => {
  it.each([
    ['4c4b7a3e-8f1e-4c1a-9f5e-0a1b2c3d4e5f', { value: '4c4b7a3e-8f1e-4c1a-9f5e-0a1b2c3d4e5f' }],
    ['4C4B7A3E-8F1E-4C1A-9F5E-0A1B2C3D4E5F', { value: '4c4b7a3e-8f1e-4c1a-9f5e-0a1b2c3d4e5f' }],
    ['4c4b7a3e-8f1e-1c1a-9f5e-0a1b2c3d4e5f', { msg: 'invalid uuid', type: 'type_error.uuid' }],
    ['4c4b7a3e-8f1e-4c1a-cf5e-0a1b2c3d4e5f', { msg: 'invalid uuid', type: 'type_error.uuid' }],
    ['4c4b7a3e8f1e4c1a9f5e0a1b2c3d4e5f', { msg: 'invalid uuid', type: 'type_error.uuid' }],
    [n('4'), { msg: 'str type expected', type: 'type_error.str' }],
  ])('uuid v4 %s', (value, expected) => {
    expect(parsed(uuidV4(), value)).toEqual(expected);
  });

  it.each([
    ['USD', { value: 'USD' }],
    ['RWF', { value: 'RWF' }],
    ['usd', { msg: 'invalid currency', type: 'value_error.currency' }],
    ['US', { msg: 'invalid currency', type: 'value_error.currency' }],
    [
      'EUR',
      { msg: 'unsupported currency; permitted: USD, LRD, RWF', type: 'value_error.currency' },
    ],
  ])('currency %s', (value, expected) => {
    expect(parsed(currency(), value)).toEqual(expected);
  });

  it.each([
    ['231886123456', { value: '231886123456' }],
    ['+231886123456', { msg: 'invalid phone', type: 'value_error.phone' }],
    ['2318861234', { msg: 'invalid phone length', type: 'value_error.phone' }],
  ])('phone %s', (value, expected) => {
    expect(parsed(phone(), value)).toEqual(expected);
  });

  it.each([
    ['integer in strict mode', integerId(), n('42'), strict, { value: 42 }],
    [
      'string for an integer id, strict',
      integerId(),
      '42',
      strict,
      { msg: 'value is not a valid integer', type: 'type_error.integer' },
    ],
    ['string for an integer id, lenient', integerId(), '42', lenient, { value: 42 }],
    ['digits in a query string', integerId(), '42', query, { value: 42 }],
    [
      'decimal for an integer id',
      integerId(),
      n('4.2'),
      lenient,
      { msg: 'value is not a valid integer', type: 'type_error.integer' },
    ],
    ['string id as string', stringId(), '55', strict, { value: 55 }],
    [
      'integer for a string id, strict',
      stringId(),
      n('55'),
      strict,
      { msg: 'str type expected', type: 'type_error.str' },
    ],
    ['integer for a string id, lenient', stringId(), n('55'), lenient, { value: 55 }],
    ['either type (payout_account_id): string', anyId(), '18', strict, { value: 18 }],
    ['either type (payout_account_id): integer', anyId(), n('18'), strict, { value: 18 }],
  ])('%s', (_name, rule, value, ctx, expected) => {
    expect(parsed(rule as Rule<unknown>, value, ctx)).toEqual(expected);
  });

  it.each([
    [n('250.00'), strict, { value: '250.00' }],
    [
      n('0'),
      strict,
      { msg: 'ensure this value is greater than 0', type: 'value_error.number.not_gt' },
    ],
    [
      n('-1'),
      strict,
      { msg: 'ensure this value is greater than 0', type: 'value_error.number.not_gt' },
    ],
    ['250', strict, { msg: 'value is not a valid number', type: 'type_error.number' }],
    ['250', lenient, { value: '250' }],
  ])('amount %s', (value, ctx, expected) => {
    expect(parsed(amount(), value, ctx)).toEqual(expected);
  });

  it.each([
    ['250.00', 'USD', []],
    ['0.01', 'USD', []],
    ['0.001', 'USD', ['less than minimum (0.01 USD)']],
    ['1.005', 'USD', ['USD amounts have at most 2 decimal places']],
    ['1500', 'RWF', []],
    ['0.5', 'RWF', ['less than minimum (1 RWF)']],
    ['1500.5', 'RWF', ['RWF amounts are whole numbers']],
  ] as const)('amount %s %s', (value, code, messages) => {
    expect(amountIssue(['body', 'amount'], value, code).map((i) => i.msg)).toEqual(messages);
  });

  it('reports every bad field at once, with Pydantic-style locations', () => {
    const body = parse(
      '{"currency":"usd","items":[{"name":"A","amount":1},{"name":"","amount":"x"}],"mode":"EMBEDDED"}',
    ) as Record<string, unknown>;
    const result = validateFields(
      body,
      {
        counterparty_id: integerId(),
        currency: currency(),
        items: list(object({ name: text(), amount: amount() })),
        mode: optional(oneOf(['HOSTED'])),
      },
      ['body'],
      strict,
    );
    expect(result.issues).toEqual([
      { loc: ['body', 'counterparty_id'], msg: 'field required', type: 'value_error.missing' },
      { loc: ['body', 'currency'], msg: 'invalid currency', type: 'value_error.currency' },
      {
        loc: ['body', 'items', 1, 'name'],
        msg: 'ensure this value has at least 1 characters',
        type: 'value_error.any_str.min_length',
      },
      {
        loc: ['body', 'items', 1, 'amount'],
        msg: 'value is not a valid number',
        type: 'type_error.number',
      },
      {
        loc: ['body', 'mode'],
        msg: "value is not a valid enumeration member; permitted: 'HOSTED'",
        type: 'type_error.enum',
      },
    ]);
  });
});
