import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileFingerprint {
  readonly sha256: string;
  readonly size: number;
  /** The first bytes, for format and encoding detection. */
  readonly head: Buffer;
  /** Whether the whole file is valid UTF-8 (decides between UTF-8 and Windows-1252 for CSV). */
  readonly validUtf8: boolean;
}

const HEAD_BYTES = 64 * 1024;

/** Reads the file once: its SHA-256, size, first bytes, and whether it is valid UTF-8 throughout. */
export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let validUtf8 = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    if (headLength < HEAD_BYTES) {
      headParts.push(bytes.subarray(0, HEAD_BYTES - headLength));
      headLength += Math.min(bytes.length, HEAD_BYTES - headLength);
    }
    if (validUtf8) {
      try {
        decoder.decode(bytes, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  }
  if (validUtf8) {
    try {
      decoder.decode();
    } catch {
      validUtf8 = false;
    }
  }
  return { sha256: hash.digest('hex'), size, head: Buffer.concat(headParts), validUtf8 };
}
