import type { ZipEntry } from '../zip-archive';
import { openZipEntry } from '../zip-archive';

const NEEDLE = Buffer.from('autoFilter');
const LT = 0x3c;
const COLON = 0x3a;

/**
 * Whether a worksheet part has an `<autoFilter>` element. It comes after the rows in the file, so
 * the streaming parse has not seen it when it meets a hidden row: the part is searched as bytes
 * (no XML parsing), once, and only for a sheet that has hidden rows.
 */
export async function sheetHasAutoFilter(path: string, part: ZipEntry): Promise<boolean> {
  const input = await openZipEntry(path, part, 1024 * 1024);
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of input) {
      const bytes =
        carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
      let at = bytes.indexOf(NEEDLE, 1);
      while (at > 0) {
        const before = bytes[at - 1];
        // An element (<autoFilter, <x:autoFilter), not sheetProtection's autoFilter attribute.
        if (before === LT || before === COLON) return true;
        at = bytes.indexOf(NEEDLE, at + 1);
      }
      carry = bytes.subarray(Math.max(0, bytes.length - NEEDLE.length));
    }
    return false;
  } finally {
    input.destroy();
  }
}
