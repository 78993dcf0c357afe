import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** What is wrong with a workbook, in words a user can act on (never a stack or a JS error). */
export class XlsxFormatError extends Error {}

export type Attributes = Record<string, string>;

/** An element name without its namespace prefix (`x:row` → `row`): some writers prefix every tag. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * An attribute by its local name, whatever its prefix (`r:id`, `ns1:id`): `prefixed` asks for one
 * with a prefix, as relationship ids always are, so that a plain `id` is not taken for it.
 */
export function attribute(
  attributes: Attributes,
  name: string,
  prefixed = false,
): string | undefined {
  if (!prefixed) {
    const plain = attributes[name];
    if (plain !== undefined) return plain;
  }
  const suffix = `:${name}`;
  for (const key in attributes) {
    if (key.endsWith(suffix)) return attributes[key];
  }
  return undefined;
}

/** The values of a boolean XML attribute that mean true ("1", "true", "on" as LibreOffice and others write). */
export function isTrue(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'on';
}

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Text as Excel means it: `_xHHHH_` stands for the character HHHH (Excel writes a carriage return
 * as `_x000D_`), and `_x005F_` for an underscore, so `_x005F_x000D_` is the literal `_x000D_`.
 */
export function decodeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPE, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface XmlHandlers {
  opentag(tag: SaxesTagPlain): void;
  closetag(tag: SaxesTagPlain): void;
  text(text: string): void;
}

/** A non-validating, non-namespace XML parser feeding `handlers`; its errors name the part. */
export class XmlPart {
  private readonly parser = new SaxesParser({ position: false });
  private readonly decoder = new StringDecoder('utf8');
  private started = false;

  constructor(
    readonly partName: string,
    handlers: XmlHandlers,
  ) {
    this.parser.on('opentag', (tag) => handlers.opentag(tag as SaxesTagPlain));
    this.parser.on('closetag', (tag) => handlers.closetag(tag as SaxesTagPlain));
    this.parser.on('text', (text) => handlers.text(text));
    this.parser.on('cdata', (text) => handlers.text(text));
  }

  /** Feeds bytes of the part (UTF-8, with or without a byte-order mark). */
  writeBytes(bytes: Buffer): void {
    this.writeText(this.decoder.write(bytes));
  }

  end(): void {
    this.writeText(this.decoder.end());
    if (!this.started) throw new XlsxFormatError(`the part ${this.partName} is empty`);
    try {
      this.parser.close();
    } catch (error) {
      throw this.malformed(error);
    }
  }

  private writeText(text: string): void {
    if (text.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    try {
      this.parser.write(text);
    } catch (error) {
      throw this.malformed(error);
    }
  }

  private malformed(error: unknown): Error {
    // An error thrown by a handler (ours, already in words) passes through as it is.
    if (error instanceof XlsxFormatError) return error;
    const why = error instanceof Error ? error.message.replace(/\.$/, '') : 'unknown';
    return new XlsxFormatError(`the part ${this.partName} is not well-formed XML (${why})`);
  }
}

/** Parses a whole part held in memory. */
export function parseXml(partName: string, content: Buffer, handlers: XmlHandlers): void {
  const part = new XmlPart(partName, handlers);
  part.writeBytes(content);
  part.end();
}

/** Parses a part as it is inflated; `afterChunk` runs after each chunk (to hand over what it made). */
export async function* parseXmlStream<T>(
  partName: string,
  input: Readable,
  handlers: XmlHandlers,
  afterChunk: () => T | null,
): AsyncGenerator<T> {
  const part = new XmlPart(partName, handlers);
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await iterator.next();
    } catch {
      throw new XlsxFormatError(`the part ${partName} cannot be decompressed (damaged)`);
    }
    if (next.done === true) break;
    part.writeBytes(next.value);
    const made = afterChunk();
    if (made !== null) yield made;
  }
  part.end();
  const made = afterChunk();
  if (made !== null) yield made;
}

/** Parses a whole part as it is inflated. */
export async function parseXmlInput(
  partName: string,
  input: Readable,
  handlers: XmlHandlers,
): Promise<void> {
  const chunks = parseXmlStream(partName, input, handlers, () => null);
  while ((await chunks.next()).done !== true) {
    // Nothing is handed over while reading.
  }
}
