import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip, WORKBOOK_PARTS, zipBomb } from '../../../test/support/zip-builder';
import { ImportError } from '../import.errors';
import { checkTextContent, checkXlsxArchive } from './file-content';

const dir = mkdtempSync(join(tmpdir(), 'file-content-'));

function file(name: string, content: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(work: () => Promise<void> | void): Promise<ImportError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('what a file holds, whatever its name says', () => {
  it.each([
    ['plain UTF-8', Buffer.from('Name,Amount\r\nJérôme,10\n\tTab,1\n')],
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name,Amount\n', 'utf16le')]),
    ],
    ['Windows-1252', Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x2c, 0xe9, 0x0a])],
  ])('accepts %s text', (_name, head) => {
    expect(() => checkTextContent('x.csv', head, !head.includes(0xe9))).not.toThrow();
  });

  it.each([
    ['random bytes', randomBytes(4096)],
    ['a NUL in text', Buffer.from('Name,Amount\n\u0000\n')],
    ['a PDF', Buffer.from('%PDF-1.7\n\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008binary')],
  ])('refuses %s as a CSV', async (_name, head) => {
    const error = await refusal(() => checkTextContent('x.csv', head, false));
    expect(error.code).toBe('FILE_UNSUPPORTED');
    expect(error.message).toContain('x.csv is not a text (CSV) file');
  });

  it('accepts a real workbook', async () => {
    const path = join(__dirname, '../../../test/fixtures/ok/xlsx-basic.xlsx');
    await expect(checkXlsxArchive(path, 'basic.xlsx')).resolves.toBeUndefined();
  });

  it.each<[string, Buffer, string, RegExp]>([
    ['not a zip', randomBytes(2048), 'FILE_UNREADABLE', /no zip central directory/],
    [
      'a truncated zip',
      buildZip(WORKBOOK_PARTS).subarray(0, 60),
      'FILE_UNREADABLE',
      /could not be read as an Excel workbook/,
    ],
    [
      'a zip without the workbook parts',
      buildZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }]),
      'FILE_UNREADABLE',
      /without xl\/workbook.xml/,
    ],
    [
      'a part expanding ~1,000 times',
      zipBomb(16 * 1024 * 1024),
      'FILE_UNSAFE',
      /expands \d{3,} times \(16 MiB\)/,
    ],
    [
      'an archive declaring 1.5 GiB in total',
      buildZip([
        ...WORKBOOK_PARTS,
        { name: 'xl/a.xml', data: Buffer.from('<a/>'), declaredSize: 0xc0000000 },
      ]),
      'FILE_UNSAFE',
      /would expand to 3072 MiB, more than the 1024 MiB allowed/,
    ],
    [
      'a part larger than declared',
      buildZip([
        ...WORKBOOK_PARTS,
        { name: 'xl/a.xml', data: Buffer.alloc(100_000, 0x41), declaredSize: 10 },
      ]),
      'FILE_UNSAFE',
      /xl\/a.xml expands to more than the archive declares/,
    ],
  ])('refuses %s', async (_name, content, code, message) => {
    const error = await refusal(() => checkXlsxArchive(file('t.xlsx', content), 't.xlsx'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
