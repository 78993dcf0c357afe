/** Encodings CSV files come in; iconv-lite names. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1252';

export interface EncodingGuess {
  readonly encoding: TextEncoding;
  /** Bytes of byte-order mark at the start of the file. */
  readonly bomLength: number;
}

/**
 * The encoding of a CSV file: a byte-order mark says so (UTF-8, UTF-16 LE/BE); otherwise UTF-8 when
 * every byte of the file is valid UTF-8 (checked while hashing it), else Windows-1252, which
 * covers Latin-1 and what Excel on Windows writes for "CSV (Comma delimited)". UTF-16 without a
 * mark is recognised by its zero bytes.
 */
export function detectEncoding(head: Buffer, validUtf8: boolean): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf8', bomLength: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  if (head.length >= 4) {
    let evenZeros = 0;
    let oddZeros = 0;
    const sample = Math.min(head.length, 512) & ~1;
    for (let i = 0; i < sample; i += 2) {
      if (head[i] === 0) evenZeros += 1;
      if (head[i + 1] === 0) oddZeros += 1;
    }
    if (oddZeros > sample / 4 && evenZeros === 0) return { encoding: 'utf16le', bomLength: 0 };
    if (evenZeros > sample / 4 && oddZeros === 0) return { encoding: 'utf16be', bomLength: 0 };
  }
  return { encoding: validUtf8 ? 'utf8' : 'windows1252', bomLength: 0 };
}
