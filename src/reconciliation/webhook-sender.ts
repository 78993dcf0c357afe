import { Injectable, Optional } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhookBody } from './webhook-signature.util';

/** What one delivery got back: the HTTP status, or the network error. */
export type DeliveryResult =
  | { readonly ok: boolean; readonly statusCode: number }
  | { readonly ok: false; readonly statusCode: null; readonly error: string };

const DELIVERY_TIMEOUT_MS = 10_000;

/** POSTs one event to the receiver, signed; the only place that talks to WEBHOOK_URL. */
@Injectable()
export class WebhookSender {
  constructor(@Optional() private readonly metrics?: Metrics) {}

  async deliver(
    url: string,
    secret: string,
    eventId: string,
    body: string,
  ): Promise<DeliveryResult> {
    const result = await this.send(url, secret, eventId, body);
    this.metrics?.webhookDelivery(
      result.ok ? 'delivered' : result.statusCode === null ? 'failed' : 'refused',
    );
    return result;
  }

  private async send(
    url: string,
    secret: string,
    eventId: string,
    body: string,
  ): Promise<DeliveryResult> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'dollr-connector-webhook',
          [SIGNATURE_HEADER]: signWebhookBody(body, secret),
          [EVENT_ID_HEADER]: eventId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { ok: response.status >= 200 && response.status < 300, statusCode: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      return { ok: false, statusCode: null, error: reason };
    }
  }
}
