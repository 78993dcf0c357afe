import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Dollr-Connector-Signature';
export const EVENT_ID_HEADER = 'X-Dollr-Connector-Event-Id';

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes, keyed with WEBHOOK_SECRET. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute the signature over the raw body and compare in constant time. */
export function verifyWebhookSignature(
  body: string,
  secret: string,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000;

/** Wait before delivery number `attempts + 1`: base, 2×base, 4×base … at most 6 hours. */
export function webhookRetryDelayMs(attempts: number, baseMs: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(exponent, 30));
}
