import {
  MASK,
  forgetSecret,
  redactText,
  redactUrlCredentials,
  redactValue,
  registerSecret,
  registerUrlSecrets,
} from './redact';

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer ***'],
    ['basic creds Basic dXNlcjpwYXNz', 'basic creds Basic ***'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x here', 'token *** here'],
    ['mysql://root:hunter2@db:3306/x failed', 'mysql://root:***@db:3306/x failed'],
    ['key dck_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde used', 'key dck_*** used'],
    ['nothing to hide', 'nothing to hide'],
  ])('%s -> %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('masks the credentials of every URL in running text, with @ in the password', () => {
    expect(redactText('connect mysql://app:p@ss@db:3306/x failed; see http://docs/x')).toBe(
      'connect mysql://app:***@db:3306/x failed; see http://docs/x',
    );
  });

  it('masks a URL password registered whole, even where it holds a space', () => {
    registerUrlSecrets('mysql://app:with space@db/x');
    try {
      expect(redactText('login "app" with password "with space" refused')).toBe(
        `login "app" with password "${MASK}" refused`,
      );
      expect(redactText('mysql://app:with space@db/x')).not.toContain('with space');
    } finally {
      forgetSecret('with space');
    }
  });

  it('masks a percent-encoded URL password in its decoded form too', () => {
    registerUrlSecrets('mysql://app:p%40ss%20w0rd@db/x');
    try {
      expect(redactText('password p@ss w0rd and p%40ss%20w0rd')).toBe(
        `password ${MASK} and ${MASK}`,
      );
    } finally {
      forgetSecret('p@ss w0rd');
      forgetSecret('p%40ss%20w0rd');
    }
  });

  it('masks every registered secret wherever it appears', () => {
    registerSecret('s3cr3t-passcode');
    try {
      expect(redactText('sent s3cr3t-passcode twice: s3cr3t-passcode')).toBe(
        `sent ${MASK} twice: ${MASK}`,
      );
    } finally {
      forgetSecret('s3cr3t-passcode');
    }
    expect(redactText('s3cr3t-passcode')).toBe('s3cr3t-passcode');
  });
});

describe('redactValue', () => {
  it('masks sensitive keys at any depth and leaves the rest', () => {
    const input = {
      headers: { authorization: 'Bearer x', 'x-api-key': 'k', accept: 'json' },
      body: { client_id: 'id', client_secret: 'cs', passcode: { token: { code: '1' } } },
      list: [{ access_token: 't', amount: 10 }],
    };
    expect(redactValue(input)).toEqual({
      headers: { authorization: MASK, 'x-api-key': MASK, accept: 'json' },
      body: { client_id: 'id', client_secret: MASK, passcode: MASK },
      list: [{ access_token: MASK, amount: 10 }],
    });
  });

  it('redacts messages of errors', () => {
    expect(redactValue(new Error('Bearer abc failed'))).toMatchObject({
      message: 'Bearer *** failed',
    });
  });
});

describe('redactUrlCredentials', () => {
  it.each([
    ['mysql://u:p@h/db', 'mysql://u:***@h/db'],
    // A lone user part may be a token (https://token@host): masked too.
    ['mysql://u@h/db', 'mysql://***@h/db'],
    // The password runs to the last @, whatever it holds.
    [
      'mysql://dbuser:Pr0d@Db#Pass/w?rd x@db.internal:3306/app',
      'mysql://dbuser:***@db.internal:3306/app',
    ],
    ['https://ops:s3cr3t@api.example.com/v1', 'https://ops:***@api.example.com/v1'],
    ['https://api.heydollr.app', 'https://api.heydollr.app'],
    ['sqlite:./data/x.sqlite', 'sqlite:./data/x.sqlite'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });
});
