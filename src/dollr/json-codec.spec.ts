import { DollrInvalidRequestError } from './errors';
import { decodeJson, encodeJson, jsonNumber, queryAmount } from './json-codec';

describe('jsonNumber + encodeJson', () => {
  it.each([
    ['100.10', '{"amount":100.10}'],
    ['250', '{"amount":250}'],
    ['0.01', '{"amount":0.01}'],
    ['12345678901234567890.123456789', '{"amount":12345678901234567890.123456789}'],
  ])('writes %s digit for digit', (amount, json) => {
    expect(encodeJson({ amount: jsonNumber(amount, 'amount', 'test') })).toBe(json);
  });

  it.each([
    ['an exponent', '1e3'],
    ['a comma', '10,50'],
    ['a sign', '-5'],
    ['a plus sign', '+5'],
    ['a leading zero', '0100'],
    ['a trailing dot', '10.'],
    ['spaces', ' 10 '],
    ['nothing', ''],
    ['not a string', 100.1 as unknown as string],
  ])('refuses an amount with %s', (_label, amount) => {
    expect(() => jsonNumber(amount, 'amount', 'sessions.payout')).toThrow(DollrInvalidRequestError);
  });

  it('names the field and operation when it refuses', () => {
    expect(() => jsonNumber('1e3', 'items[2].amount', 'checkouts.create')).toThrow(
      'Not sent to Dollr: checkouts.create has items[2].amount "1e3", which is not a plain decimal amount like "100.10".',
    );
  });

  it('checks query amounts with the same rule', () => {
    expect(queryAmount('250.00', 'base_amount', 'x')).toBe('250.00');
    expect(() => queryAmount('2.5e2', 'base_amount', 'x')).toThrow(DollrInvalidRequestError);
  });

  it('writes other values as plain JSON', () => {
    expect(encodeJson({ id: 42, name: 'x', ok: true, none: null })).toBe(
      '{"id":42,"name":"x","ok":true,"none":null}',
    );
  });
});

describe('decodeJson', () => {
  it.each([
    // key, JSON number, decoded value
    ['payer_amount', '100.10', '100.10'],
    ['payee_amount', '100', '100'],
    ['total_amount', '12345678901234567.89', '12345678901234567.89'],
    ['amount', '0.1', '0.1'],
    ['platform_fee', '2.50', '2.50'],
    ['fx_fee', '0', '0'],
    ['fx_rate', '0.0053', '0.0053'],
    ['gateway_fees', '1', '1'],
    ['fx_rate', '5.3e-3', '0.0053'],
    ['amount', '1E+2', '100'],
    ['id', '42', 42],
    ['qty', '3', 3],
    ['expires_in', '60', 60],
    ['expires_in', '0.5', '0.5'],
    ['owner_id', '9007199254740993', '9007199254740993'],
    ['unknown_number', '1.1', '1.1'],
  ])('reads %s: %s as %p', (key, json, expected) => {
    expect(decodeJson(`{"${key}": ${json}}`)).toEqual({ [key]: expected });
  });

  it('converts nested and listed values', () => {
    expect(
      decodeJson(
        '{"invoice_items":[{"id":7,"qty":2,"amount":250.00}],"counterparty":{"id":15},"total_amount":500.00}',
      ),
    ).toEqual({
      invoice_items: [{ id: 7, qty: 2, amount: '250.00' }],
      counterparty: { id: 15 },
      total_amount: '500.00',
    });
  });

  it('leaves strings, booleans and null alone', () => {
    expect(decodeJson('{"amount":"100.10","is_active":true,"note":null}')).toEqual({
      amount: '100.10',
      is_active: true,
      note: null,
    });
  });

  it('throws on malformed JSON', () => {
    expect(() => decodeJson('<html>Bad gateway</html>')).toThrow(SyntaxError);
  });
});
