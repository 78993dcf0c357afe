import type { IncomingMessage, ServerResponse } from 'node:http';
import { LosslessNumber, parse, stringify } from 'lossless-json';
import { type Currency, formatMinorUnits } from '../rules/money';

/**
 * JSON in and out without floats: request numbers stay LosslessNumber (their exact digits), and
 * amounts are written from decimal text, so `250.00` goes out as `250.00`.
 */

const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** Empty text is "no body" (undefined); invalid JSON is reported, not thrown. */
export function parseJson(text: string): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A money amount as an exact JSON number with the currency's decimals. */
export function money(minor: bigint, currency: Currency): LosslessNumber {
  return new LosslessNumber(formatMinorUnits(minor, currency));
}

/** A decimal string written as a JSON number. */
export function decimalNumber(text: string): LosslessNumber {
  return new LosslessNumber(text);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = stringify(body) ?? 'null';
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Epoch milliseconds as ISO 8601 UTC without fractions, like the docs' examples. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}
