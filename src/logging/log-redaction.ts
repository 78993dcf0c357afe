import pino from 'pino';
import { MASK, isSensitiveKey, redactText, redactValue } from '../common/redact';

/** Request and response objects are left to pino's serializers and `redact` paths. */
const SERIALIZED_KEYS = new Set(['req', 'res', 'err', 'error']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Redacts one argument of a log call: strings, and plain objects key by key. */
export function redactLogArgument(arg: unknown): unknown {
  if (typeof arg === 'string') return redactText(arg);
  if (!isPlainObject(arg)) return arg;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(arg)) {
    if (SERIALIZED_KEYS.has(key)) out[key] = value;
    else out[key] = isSensitiveKey(key) && value != null ? MASK : redactValue(value);
  }
  return out;
}

/** pino's error serializer, with secrets removed from the message and stack. */
export function redactedErrorSerializer(error: Error): pino.SerializedError {
  const serialized = pino.stdSerializers.err(error);
  serialized.message = redactText(serialized.message);
  if (serialized.stack) serialized.stack = redactText(serialized.stack);
  return serialized;
}
