import { createHmac } from 'node:crypto';
import {
  signWebhookBody,
  verifyWebhookSignature,
  webhookRetryDelayMs,
} from './webhook-signature.util';

describe('webhook signature', () => {
  const body = '{"event_id":"6f1c","type":"payment.completed","amount":"150.00"}';

  it('is sha256= and the hex HMAC-SHA256 of the body with the secret', () => {
    const hex = createHmac('sha256', 'shh').update(body).digest('hex');
    expect(signWebhookBody(body, 'shh')).toBe(`sha256=${hex}`);
  });

  it('verifies the exact body with the same secret', () => {
    expect(verifyWebhookSignature(body, 'shh', signWebhookBody(body, 'shh'))).toBe(true);
  });

  it.each([
    ['another secret', body, signWebhookBody(body, 'other')],
    ['a changed body', body.replace('150.00', '950.00'), signWebhookBody(body, 'shh')],
    ['no header', body, undefined],
    ['a truncated header', body, signWebhookBody(body, 'shh').slice(0, 20)],
  ])('refuses %s', (_label, received, header) => {
    expect(verifyWebhookSignature(received, 'shh', header)).toBe(false);
  });
});

describe('webhookRetryDelayMs', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [6, 960_000],
  ])('after %i failed deliveries waits %i ms', (attempts, delay) => {
    expect(webhookRetryDelayMs(attempts, 30_000)).toBe(delay);
  });

  it('never waits more than 6 hours', () => {
    expect(webhookRetryDelayMs(40, 30_000)).toBe(6 * 60 * 60_000);
  });
});
